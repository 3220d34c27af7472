/**
 * Runs the compiler. A failure keeps the compiler's own words verbatim in the message (never a
 * bare "command failed") and adds structured diagnostics in details for --json.
 */
import { HpluginError } from '@hplugin/core';
import type { BuildCommand } from './command.js';
import { spawnCompiler, type Finished } from './spawn-compiler.js';
import { hintFor, moduleFetchFailure, moduleFetchHint, parseDiagnostics, withoutFetchNoise } from './diagnostics.js';

export interface CompileOutcome {
  /** stdout and stderr interleaved, as the user would see them in a terminal. */
  output: string;
}

/** The one error for a build stopped through its AbortSignal, wherever it was stopped. */
export function cancelledError(): HpluginError {
  return new HpluginError('BUILD_CANCELLED', 'The build was cancelled before it finished; the previous output is untouched.', {
    hint: 'Run the build again.',
  });
}

/**
 * Runs the compiler, or waits for the one already running (`started`: the compiler's head start,
 * see early-compile.ts), and turns its exit into the outcome or a typed error.
 */
export async function runCompiler(
  command: BuildCommand,
  cwd: string,
  signal?: AbortSignal,
  started?: Promise<Finished>,
): Promise<CompileOutcome> {
  if (signal?.aborted) throw cancelledError();
  const result = await (started ?? spawnCompiler(command, cwd, signal).finished);
  const output = result.output.trimEnd();
  if (signal?.aborted) throw cancelledError();
  if (result.exitCode === 0) return { output };
  const tool = command.file.split(/[\\/]/).pop() ?? command.file;
  const why =
    result.exitCode === undefined ? `could not run (${result.spawnError ?? 'killed by a signal'})` : `exited with code ${result.exitCode}`;
  const shown = withoutFetchNoise(output).trim();
  const fetch = moduleFetchFailure(output);
  if (fetch) {
    // Not a compile error: nothing in the plugin's files to fix, so no file:line:column hint.
    throw new HpluginError(
      'BUILD_MODULE_FETCH_FAILED',
      `${tool} could not download or verify the plugin's Go modules${fetch.modules.length ? ` (${fetch.modules.join(', ')})` : ''}:\n${shown}`,
      {
        hint: moduleFetchHint(fetch, { ...process.env, ...command.env }),
        details: {
          command: [command.file, ...command.args],
          exitCode: result.exitCode ?? null,
          modules: fetch.modules,
          checksumDb: fetch.checksumDb,
          output,
        },
      },
    );
  }
  throw new HpluginError('BUILD_FAILED', `${tool} build ${why}:\n${shown || '(the compiler printed nothing)'}`, {
    hint: hintFor(output),
    details: {
      command: [command.file, ...command.args],
      exitCode: result.exitCode ?? null,
      diagnostics: parseDiagnostics(output, cwd),
      output,
    },
  });
}
