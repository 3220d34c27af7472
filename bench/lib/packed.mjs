/**
 * `--cli packed`: the hplugin a user installs. The package is made exactly as it would be published
 * (packages/cli/scripts/pack.mjs: the tsdown bundle, a chunk per command, npm dependencies external)
 * and installed with npm into an empty prefix in the work folder, as test/install/packed-install.test.ts
 * does. Untimed; the timed commands then run that prefix's bin instead of the workspace entry.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from './env.mjs';
import { run } from './proc.mjs';

/** @returns {Promise<string>} the installed bin (…/node_modules/hplugin/bin/hplugin.js) */
export async function installPacked(work, env) {
  const root = join(work, 'packed');
  const prefix = join(root, 'prefix');
  await mkdir(prefix, { recursive: true });
  const output = await run({
    file: process.execPath,
    args: [join(REPO_ROOT, 'packages/cli/scripts/pack.mjs'), '--out', root],
    cwd: REPO_ROOT,
    env,
  });
  // pack.mjs prints the tarball's path; its progress lines (stderr) come in the same output.
  const tarball = output.split('\n').find((line) => line.endsWith('.tgz'));
  if (!tarball) throw new Error(`pack.mjs printed no tarball path:\n${output}`);
  await run({ file: 'npm', args: ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--omit=dev', tarball], cwd: root, env });
  return join(prefix, 'node_modules', 'hplugin', 'bin', 'hplugin.js');
}
