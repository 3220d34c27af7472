/**
 * Everything a command needs past the fast paths of main.ts: the argument parser, the context, the
 * signals, and the ONE place that turns a thrown error into output and an exit code (0 ok, 1
 * failure, 2 usage or config). Stages never exit.
 */
import { CANCELLED_EXIT_CODE, cancelledError, isCancellation, nearest, toHpluginError, UsageError, type HpluginError } from '@hplugin/core';
import { createContext, wantsColor, type Context, type GlobalFlags, type Io } from './context.js';
import { printError, printResult } from './output.js';
import type { Dispatch } from './command.js';
import { publishReplayKey, replayPublish } from './publish-replay.js';
import { discardCompilerHeadStart, headStartNote } from './head-start.js';
import { helpWidth } from './help-screens.js';
import { skipHelpPrerendering } from './parser-tuning.js';
import { VERSION } from './version.js';

const GLOBAL = 'Global options:';

/**
 * Ctrl-C and SIGTERM abort the command's signal: builds kill their compiler, uploads stop, and the
 * error that surfaces is printed as "cancelled", exit 130. A second Ctrl-C, or anything that
 * ignores the signal for a second, ends the process at once (every write is atomic, so nothing
 * is left half-written either way). Only for the real process: tests pass their own io.
 */
function onTerminationSignals(controller: AbortController, onForcedExit: () => void): () => void {
  const handler = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      onForcedExit();
      process.exit(CANCELLED_EXIT_CODE);
    }
    controller.abort(cancelledError(signal === 'SIGINT' ? 'Interrupted (Ctrl-C)' : 'Terminated (SIGTERM)'));
    setTimeout(() => {
      onForcedExit();
      process.exit(CANCELLED_EXIT_CODE);
    }, 1000).unref();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/** "Unknown argument: forse" → "... Did you mean --force?", from the options of the command that ran. */
function withSuggestion(message: string, known: string[]): string {
  const unknown = /^Unknown arguments?: (.+)$/.exec(message)?.[1];
  if (!unknown || known.length === 0) return message;
  const hints = unknown.split(', ').map((flag) => {
    // Only a near miss: an unrelated word gets no guess.
    const near = nearest(flag, known);
    return near === undefined ? undefined : `--${flag}: did you mean --${near}?`;
  });
  const found = hints.filter(Boolean);
  return found.length ? `${message}. ${found.join(' ')}` : message;
}

/**
 * Parse and run one command. `realProcess`: this is the hplugin process itself (bin/hplugin.js), not
 * a test or library caller with its own io, so Ctrl-C and SIGTERM are handled here.
 */
export async function dispatchCommand(argv: string[], io: Io, realProcess: boolean): Promise<number> {
  const columns = (io.stdout as NodeJS.WriteStream).columns;
  const flags: GlobalFlags = {};
  let ctx: Context | undefined;
  const controller = new AbortController();
  let reported = false;
  const report = (err: HpluginError): void => {
    if (reported) return;
    reported = true;
    const json = flags.json ?? argv.includes('--json');
    const verbose = flags.verbose ?? (argv.includes('--verbose') || argv.includes('-v'));
    printError(err, {
      json,
      verbose,
      color: ctx?.color ?? (!json && wantsColor(flags, io)),
      io,
      warnings: ctx ? [...ctx.reporter.warnings] : [],
    });
  };
  const stopListening = realProcess ? onTerminationSignals(controller, () => report(controller.signal.reason as HpluginError)) : () => {};
  try {
    // A publish with nothing changed since an identical one answers before the parser even loads.
    const replayKey = await publishReplayKey(argv, io, VERSION);
    const replayed = replayKey ? await replayPublish(replayKey, argv, io) : undefined;
    if (replayed !== undefined) return replayed;
    const { default: yargs } = await import('yargs');
    const { COMMANDS } = await import('./commands/index.js');
    let exitCode = 0;
    const dispatch: Dispatch = async (args, run) => {
      Object.assign(flags, args);
      ctx = await createContext(args, io, controller.signal);
      if (replayKey) ctx.replayKey = replayKey;
      const headStart = headStartNote();
      if (headStart) ctx.reporter.debug(headStart);
      const result = await run(ctx);
      printResult(ctx, result);
      exitCode = result.exitCode ?? 0;
    };
    let parser = yargs(argv)
      .scriptName('hplugin')
      .usage('hplugin <command> [options]\n\nBuild, package and publish Higress Wasm plugins: no Docker needed.')
      .option('cwd', { alias: 'C', type: 'string', describe: 'Run as if started in this folder', global: true, group: GLOBAL })
      .option('json', {
        type: 'boolean',
        describe: 'Print one JSON document on stdout (errors too); no spinners',
        global: true,
        group: GLOBAL,
      })
      .option('verbose', { alias: 'v', type: 'boolean', describe: 'Show debug output and stack traces', global: true, group: GLOBAL })
      .option('quiet', { alias: 'q', type: 'boolean', describe: 'Print only warnings, errors and results', global: true, group: GLOBAL })
      .option('color', { type: 'boolean', describe: 'Colour output (--no-color or NO_COLOR turn it off)', global: true, group: GLOBAL })
      .option('silence', {
        type: 'string',
        array: true,
        describe:
          'Do not print warnings with this code (e.g. WASM_WASI_NOT_ON_OLD_GATEWAYS); repeatable; --json still lists them. Config: silenceWarnings',
        global: true,
        group: GLOBAL,
      })
      .conflicts('verbose', 'quiet')
      .demandCommand(1, 'Name a command: see the list above.')
      .recommendCommands()
      // Answers `hplugin --get-yargs-completions <words…>` for the scripts of `hplugin completion`.
      .completion('__completion-script', false)
      .strict()
      .version(VERSION)
      .alias('version', 'V')
      .help()
      .alias('help', 'h')
      .group(['help', 'version'], GLOBAL)
      .epilog('Exit codes: 0 ok, 1 the operation failed, 2 bad usage or config, 130 cancelled (Ctrl-C).')
      .wrap(helpWidth(columns))
      .exitProcess(false)
      .fail((message: string | null, error: Error | undefined, parser: unknown) => {
        if (error) throw error;
        // @types/yargs calls the third argument Argv; yargs 18 passes its usage object, whose
        // getDescriptions() lists the options of the command being parsed.
        const known = Object.keys((parser as { getDescriptions?: () => Record<string, unknown> }).getDescriptions?.() ?? {});
        throw new UsageError('USAGE', withSuggestion(message ?? 'Invalid arguments.', known), {
          hint: 'Run `hplugin --help`, or `hplugin help <command>`.',
        });
      });
    for (const command of COMMANDS) parser = command.attach(parser, dispatch);
    skipHelpPrerendering(parser);
    let helpText = '';
    await parser.parseAsync(argv, {}, (_err: unknown, _argv: unknown, output: string) => {
      helpText = output;
    });
    // --help and --version output come back here because exitProcess is off.
    if (helpText) io.stdout.write(helpText + '\n');
    return exitCode;
  } catch (thrown) {
    // After Ctrl-C, whatever a stage threw on its way out (a killed compiler, an aborted upload) is
    // the cancellation; a cancelled prompt (@inquirer's ExitPromptError) is one too.
    const err: HpluginError = controller.signal.aborted
      ? (controller.signal.reason as HpluginError)
      : isCancellation(thrown)
        ? cancelledError('Cancelled at the prompt')
        : toHpluginError(thrown);
    report(err);
    return err.exitCode;
  } finally {
    stopListening();
    // A compiler started on a guess (bin/hplugin.js) that the command did not take stops here.
    discardCompilerHeadStart();
  }
}
