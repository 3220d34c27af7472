/**
 * Runs the compiler. A failure keeps the compiler's own words verbatim in the message (never a
 * bare "command failed") and adds structured diagnostics in details for --json.
 */
import { HpluginError } from '@hplugin/core';
import type { BuildCommand } from './command.js';
import { hintFor, moduleFetchFailure, moduleFetchHint, parseDiagnostics, withoutFetchNoise } from './diagnostics.js';

export interface CompileOutcome {
  /** stdout and stderr interleaved, as the user would see them in a terminal. */
  output: string;
}

/** The one error for a build stopped through its AbortSignal, wherever it was stopped. */
export function cancelledError(): HpluginError {
  return new HpluginError('BUILD_CANCELLED', 'The build was cancelled before it finished; the previous output is untouched.', { hint: 'Run the build again.' });
}

export async function runCompiler(command: BuildCommand, cwd: string, signal?: AbortSignal): Promise<CompileOutcome> {
  // Loaded on demand: a cache hit never compiles, so it never pays for loading execa.
  const { execa } = await import('execa');
  const result = await execa(command.file, command.args, {
    cwd,
    env: command.env,
    extendEnv: true,
    reject: false,
    all: true,
    stdin: 'ignore',
    cancelSignal: signal,
  });
  const output = String(result.all ?? '').trimEnd();
  if (result.isCanceled) throw cancelledError();
  if (result.exitCode === 0) return { output };
  const tool = command.file.split(/[\\/]/).pop() ?? command.file;
  const why = result.exitCode === undefined ? `could not run (${result.code ?? result.shortMessage})` : `exited with code ${result.exitCode}`;
  const shown = withoutFetchNoise(output).trim();
  const fetch = moduleFetchFailure(output);
  if (fetch) {
    // Not a compile error: nothing in the plugin's files to fix, so no file:line:column hint.
    throw new HpluginError('BUILD_MODULE_FETCH_FAILED', `${tool} could not download or verify the plugin's Go modules${fetch.modules.length ? ` (${fetch.modules.join(', ')})` : ''}:\n${shown}`, {
      hint: moduleFetchHint(fetch, { ...process.env, ...command.env }),
      details: { command: [command.file, ...command.args], exitCode: result.exitCode ?? null, modules: fetch.modules, checksumDb: fetch.checksumDb, output },
    });
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
