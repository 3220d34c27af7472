/**
 * Runs a Higress-style prepare.sh in the plugin folder before the build (code generation,
 * fetching assets). Announced by the caller; opt out with `prepare: false`.
 */
import { access, constants, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HpluginError } from '@hplugin/core';
import { cancelledError } from './compile.js';

/** Run it the way its author expects: directly when executable, else with the shell its #! names. */
async function invocation(script: string): Promise<{ file: string; args: string[] }> {
  const executable = await access(script, constants.X_OK).then(
    () => true,
    () => false,
  );
  const firstLine = (await readFile(script, 'utf8')).split('\n', 1)[0] ?? '';
  if (executable && firstLine.startsWith('#!')) return { file: script, args: [] };
  return { file: /\bbash\b/.test(firstLine) ? 'bash' : 'sh', args: [script] };
}

export async function runPrepareScript(pluginDir: string, env: Record<string, string> | undefined, signal?: AbortSignal): Promise<string> {
  const script = join(pluginDir, 'prepare.sh');
  const { file, args } = await invocation(script);
  const result = await (
    await import('execa')
  ).execa(file, args, { cwd: pluginDir, env, extendEnv: true, reject: false, all: true, stdin: 'ignore', cancelSignal: signal });
  const output = String(result.all ?? '').trimEnd();
  if (result.isCanceled) throw cancelledError();
  if (result.exitCode !== 0) {
    throw new HpluginError(
      'PREPARE_FAILED',
      `prepare.sh failed (${result.exitCode === undefined ? result.shortMessage : `exit ${result.exitCode}`}):\n${output || '(no output)'}`,
      {
        hint: 'Fix prepare.sh, or skip it with build.prepare: false (--no-prepare) if the plugin does not need it.',
        details: { script, exitCode: result.exitCode ?? null, output },
      },
    );
  }
  return output;
}
