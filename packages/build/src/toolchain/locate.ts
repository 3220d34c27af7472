/**
 * Where a toolchain binary lives: an explicit override, else the first match on PATH, else
 * $GOROOT/bin (or $TINYGOROOT/bin). Returns undefined when nothing is found; callers turn that
 * into TOOLCHAIN_NOT_FOUND with the places that were searched.
 */
import { access, constants, stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type { ToolchainName } from '../options.js';

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function binaryNames(name: string): string[] {
  return process.platform === 'win32' ? [`${name}.exe`, name] : [name];
}

/** The candidates in search order, so errors can list every place that was looked at. */
export function searchCandidates(name: ToolchainName, env: NodeJS.ProcessEnv): string[] {
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  const root = name === 'go' ? env.GOROOT : env.TINYGOROOT;
  if (root) dirs.push(join(root, 'bin'));
  return dirs.flatMap((dir) => binaryNames(name).map((bin) => join(dir, bin)));
}

export async function locateToolchain(name: ToolchainName, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  for (const candidate of searchCandidates(name, env)) {
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

export { isExecutableFile };
