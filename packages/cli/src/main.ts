/**
 * The CLI: parses arguments, builds the context, dispatches, and is the ONE place that turns a thrown
 * error into output and an exit code (0 ok, 1 failure, 2 usage or config). Stages never exit.
 */
import { readFileSync } from 'node:fs';
import { toHpluginError, UsageError, type HpluginError } from '@hplugin/core';
import { createContext, wantsColor, type Context, type GlobalFlags, type Io } from './context.js';
import { printError, printResult } from './output.js';
import type { CommandSpec } from './command.js';
import { publishReplayKey, replayPublish } from './publish-replay.js';

export const VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

const GLOBAL = 'Global options:';

const defaultIo: Io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };

export async function run(argv: string[], io: Io = defaultIo): Promise<number> {
  // Fast path: a version check must not pay for loading the argument parser (start-up budget: 2x node).
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  // No arguments at all: show the help instead of an error, like oras and spin do.
  if (argv.length === 0) argv = ['--help'];
  const flags: GlobalFlags = {};
  let ctx: Context | undefined;
  try {
    // A publish with nothing changed since an identical one answers before the parser even loads.
    const replayKey = await publishReplayKey(argv, io, VERSION);
    const replayed = replayKey ? await replayPublish(replayKey, argv, io) : undefined;
    if (replayed !== undefined) return replayed;
    const { default: yargs } = await import('yargs');
    const { COMMANDS } = await import('./commands/index.js');
    let exitCode = 0;
    const register = (y: any, spec: CommandSpec<any>): any =>
      y.command({
        command: spec.command,
        describe: spec.describe,
        builder: (inner: any) => {
          let b = spec.builder ? spec.builder(inner) : inner;
          for (const sub of spec.subcommands ?? []) b = register(b, sub);
          return b;
        },
        handler: async (args: any) => {
          Object.assign(flags, args);
          ctx = await createContext(args, io);
          if (replayKey) ctx.replayKey = replayKey;
          const result = await spec.run(args, ctx);
          printResult(ctx, result);
          exitCode = result.exitCode ?? 0;
        },
      });
    let parser = yargs(argv)
      .scriptName('hplugin')
      .usage('hplugin <command> [options]\n\nBuild, package and publish Higress Wasm plugins: no Docker needed.')
      .option('cwd', { alias: 'C', type: 'string', describe: 'Run as if started in this folder', global: true, group: GLOBAL })
      .option('json', { type: 'boolean', describe: 'Print one JSON document on stdout (errors too); no spinners', global: true, group: GLOBAL })
      .option('verbose', { alias: 'v', type: 'boolean', describe: 'Show debug output and stack traces', global: true, group: GLOBAL })
      .option('quiet', { alias: 'q', type: 'boolean', describe: 'Print only warnings, errors and results', global: true, group: GLOBAL })
      .option('color', { type: 'boolean', describe: 'Colour output (--no-color or NO_COLOR turn it off)', global: true, group: GLOBAL })
      .option('silence', { type: 'string', array: true, describe: 'Do not print warnings with this code (e.g. WASM_WASI_NOT_ON_OLD_GATEWAYS); repeatable; --json still lists them. Config: silenceWarnings', global: true, group: GLOBAL })
      .conflicts('verbose', 'quiet')
      .demandCommand(1, 'Name a command: see the list above.')
      .recommendCommands()
      .strict()
      .version(VERSION)
      .alias('version', 'V')
      .help()
      .alias('help', 'h')
      .group(['help', 'version'], GLOBAL)
      .epilog('Exit codes: 0 ok, 1 the operation failed, 2 bad usage or config.')
      .wrap(Math.min(110, (io.stdout as NodeJS.WriteStream).columns ?? 100))
      .exitProcess(false)
      .fail((message: string | null, error: Error | undefined) => {
        throw error ?? new UsageError('USAGE', message ?? 'Invalid arguments.', { hint: 'Run `hplugin --help`, or `hplugin <command> --help`.' });
      });
    for (const spec of COMMANDS) parser = register(parser, spec);
    let helpText = '';
    await parser.parseAsync(argv, {}, (_err: unknown, _argv: unknown, output: string) => {
      helpText = output;
    });
    // --help and --version output come back here because exitProcess is off.
    if (helpText) io.stdout.write(helpText + '\n');
    return exitCode;
  } catch (thrown) {
    const err: HpluginError = toHpluginError(thrown);
    const json = flags.json ?? argv.includes('--json');
    const verbose = flags.verbose ?? (argv.includes('--verbose') || argv.includes('-v'));
    printError(err, { json, verbose, color: ctx?.color ?? (!json && wantsColor(flags, io)), io, warnings: ctx ? [...ctx.reporter.warnings] : [] });
    return err.exitCode;
  }
}
