/**
 * The built hplugin CLI, spawned as users run it. These tests exercise the dist output on purpose
 * (like the e2e suites): build it first with `npx tsc -b packages/cli` (npm test does).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type Result } from 'execa';

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const CLI_BIN = join(REPO_ROOT, 'packages', 'cli', 'bin', 'hplugin.js');

export function assertCliBuilt(): void {
  if (!existsSync(join(REPO_ROOT, 'packages', 'cli', 'dist', 'index.js'))) {
    throw new Error(`The hplugin CLI is not built (no packages/cli/dist). Run: cd ${REPO_ROOT} && npx tsc -b packages/cli`);
  }
}

/** Runs `hplugin <args>` in cwd; never rejects, so a test can show the output of a failure. */
export async function hplugin(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<Result<{ all: true; reject: false; stdin: 'ignore' }>> {
  assertCliBuilt();
  return execa('node', [CLI_BIN, ...args], { cwd, env: { NO_COLOR: '1', ...env }, all: true, reject: false, stdin: 'ignore' });
}
