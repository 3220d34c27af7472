/**
 * placeInWorkspace: where `hplugin new` puts a plugin. Inside a workspace (a root config with
 * `workspace.plugins` globs, found and parsed by @hplugin/config) new plugins go under the first
 * glob's parent folder, e.g. "plugins/*" → <root>/plugins, so the workspace picks them up.
 */
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

export interface WorkspaceInfo {
  /** The folder of the workspace root config. */
  root: string;
  /** workspace.plugins, e.g. ["plugins/*", "extensions/*"]. */
  plugins: readonly string[];
}

const GLOB_CHARS = /[*?[\]{}!()]/;

/** The literal folder a glob starts from: "plugins/*" → "plugins"; "a/b/**" → "a/b"; "*" → "". */
export function globParent(glob: string): string {
  const segments = glob.replace(/\\/g, '/').replace(/^\.\//, '').split('/');
  const literal: string[] = [];
  for (const segment of segments) {
    if (GLOB_CHARS.test(segment)) return literal.join('/');
    literal.push(segment);
  }
  // No wildcard: the glob names one plugin folder, so new plugins go next to it.
  return dirname(literal.join('/')) === '.' ? '' : dirname(literal.join('/'));
}

/** The folder in which to create the new plugin's folder. */
export function placeInWorkspace(cwd: string, workspace?: WorkspaceInfo): string {
  const here = resolve(cwd);
  const first = workspace?.plugins[0];
  if (!workspace || first === undefined) return here;
  const root = resolve(workspace.root);
  const rel = relative(root, here);
  const inside = rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
  return inside ? resolve(root, globParent(first)) : here;
}
