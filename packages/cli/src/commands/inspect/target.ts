/**
 * What `hplugin inspect <target>` means by its argument: a local OCI layout (dir or dir:tag) or a
 * registry reference. Docker's rule decides: a reference's first component names a registry only
 * when it has a dot or a port, or is localhost. Anything else is a path, so `inspect dist/oci` on a
 * folder without a layout says so instead of asking Docker Hub for a repository called dist/oci.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '@hplugin/core';
import { OUTPUT_DEFAULTS, namesRegistryHost } from '@hplugin/rules';

export type InspectTarget = { kind: 'layout'; dir: string; tag?: string } | { kind: 'registry'; reference: string };

const isDir = (path: string) => existsSync(path) && statSync(path).isDirectory();

/** dir, or dir:tag, when that folder exists. */
function existingLayout(target: string, cwd: string): { dir: string; tag?: string } | undefined {
  if (isDir(resolve(cwd, target))) return { dir: resolve(cwd, target) };
  const colon = target.lastIndexOf(':');
  if (colon > 0 && !target.slice(colon + 1).includes('/') && isDir(resolve(cwd, target.slice(0, colon)))) {
    return { dir: resolve(cwd, target.slice(0, colon)), tag: target.slice(colon + 1) };
  }
  return undefined;
}

/** Written as a path: ./x, ../x, /x, ~/x, . or .., or a first component that cannot be a registry host. */
export function looksLikePath(target: string): boolean {
  if (/^(\.{1,2}|~)?\//.test(target) || target === '.' || target === '..' || /^[A-Za-z]:[\\/]/.test(target)) return true;
  return !namesRegistryHost(target.split('/')[0]!) || !target.includes('/');
}

export function classifyInspectTarget(target: string, cwd: string): InspectTarget {
  const local = existingLayout(target, cwd);
  if (local) return { kind: 'layout', ...local };
  if (!looksLikePath(target)) return { kind: 'registry', reference: target };
  const colon = target.lastIndexOf(':');
  const dir = colon > 0 && !target.slice(colon + 1).includes('/') ? target.slice(0, colon) : target;
  throw new UsageError('INSPECT_LAYOUT_NOT_FOUND', `There is no OCI layout at ${resolve(cwd, dir)}: the folder does not exist.`, {
    hint: `Run \`hplugin package\` first (it writes ${OUTPUT_DEFAULTS.oci}), or pass a registry reference with a host (ghcr.io/org/plugin:1.0.0, localhost:5000/plugin:1.0.0); ${target} has none, so it was read as a path.`,
    details: { target, dir: resolve(cwd, dir) },
  });
}
