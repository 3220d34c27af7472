/**
 * Runs the compiler. A failure keeps the compiler's own words verbatim in the message (never a
 * bare "command failed") and adds structured diagnostics in details for --json.
 */
import { spawn } from 'node:child_process';
import { HpluginError } from '@hplugin/core';
import type { BuildCommand } from './command.js';
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

interface Finished {
  output: string;
  exitCode?: number;
  /** Why it could not even start (ENOENT, EACCES…). */
  spawnError?: string;
  cancelled: boolean;
}

/**
 * The compiler as a child process, stdout and stderr interleaved in one string. node:child_process
 * rather than execa: loading execa (~100 files) took longer than Go takes to link a cached plugin.
 */
function spawnCompiler(command: BuildCommand, cwd: string, signal?: AbortSignal): Promise<Finished> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let spawnError: string | undefined;
    const child = spawn(command.file, command.args, {
      cwd,
      env: { ...process.env, ...command.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(signal ? { signal } : {}),
    });
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.name !== 'AbortError') spawnError = err.code ?? err.message;
    });
    child.on('close', (code) => {
      resolve({
        output: Buffer.concat(chunks).toString('utf8'),
        ...(code !== null ? { exitCode: code } : {}),
        ...(spawnError ? { spawnError } : {}),
        cancelled: Boolean(signal?.aborted),
      });
    });
  });
}

export async function runCompiler(command: BuildCommand, cwd: string, signal?: AbortSignal): Promise<CompileOutcome> {
  if (signal?.aborted) throw cancelledError();
  const result = await spawnCompiler(command, cwd, signal);
  const output = result.output.trimEnd();
  if (result.cancelled) throw cancelledError();
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
