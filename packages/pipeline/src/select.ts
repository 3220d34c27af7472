/**
 * Which plugins of a workspace a command runs on: all of them, those matching --filter (a name or a
 * glob over the plugin name or its folder), and those touched since a git ref (--changed-since).
 */
import { relative, sep } from 'node:path';
import picomatch from 'picomatch';
import { UsageError } from '@hplugin/core';

export interface PluginRef {
  /** Absolute folder. */
  dir: string;
  /** The folder relative to the workspace root, with forward slashes. */
  path: string;
  /** The plugin name (from its config; the folder name when it has none). */
  name: string;
}

export function filterPlugins(plugins: PluginRef[], filters: string[]): PluginRef[] {
  if (filters.length === 0) return plugins;
  const matchers = filters.map((f) => picomatch(f));
  const selected = plugins.filter((p) => matchers.some((m) => m(p.name) || m(p.path)));
  if (selected.length === 0) {
    throw new UsageError('WORKSPACE_FILTER_EMPTY', `--filter ${filters.join(', ')} matches none of the ${plugins.length} plugins.`, {
      hint: `Plugins here: ${plugins.map((p) => p.name).join(', ')}.`,
    });
  }
  return selected;
}

/**
 * hplugin's own outputs inside a plugin folder (build output, OCI layout, caches). They are never a
 * change to the plugin, whatever the repository's .gitignore says: the Higress repository does not
 * ignore dist/, and an untracked dist/ made every built plugin look changed.
 */
export const OWN_OUTPUT_DIRS = ['dist', '.hplugin', '.turbo', 'node_modules'];

export interface ChangedOptions {
  /** Workspace-relative files outside every plugin whose change selects all plugins (the root config). */
  sharedFiles?: string[];
  /** Absolute folders whose files never count as changes (e.g. a build cache inside the repository). */
  ignoredDirs?: string[];
}

/**
 * Files changed since `ref` (committed after the merge base, plus uncommitted and untracked files),
 * mapped to the plugins that contain them. A change to a workspace-level file outside every plugin
 * (e.g. the root config) selects all plugins, since it can change any of them.
 */
export async function changedPlugins(root: string, plugins: PluginRef[], ref: string, options: ChangedOptions = {}): Promise<PluginRef[]> {
  const sharedFiles = options.sharedFiles ?? [];
  const ignored = (options.ignoredDirs ?? []).map((d) => relative(root, d).split(sep).join('/')).filter((d) => d && !d.startsWith('..'));
  const { execa } = await import('execa');
  const git = (args: string[]) => execa('git', args, { cwd: root, reject: false });
  const top = await git(['rev-parse', '--show-toplevel']);
  if (top.exitCode !== 0) {
    throw new UsageError('GIT_UNAVAILABLE', `--changed-since needs a git repository, but ${root} is not inside one.`, {
      hint: 'Run from a git checkout, or drop --changed-since.',
    });
  }
  const committed = await git(['diff', '--name-only', `${ref}...HEAD`, '--', '.']);
  if (committed.exitCode !== 0) {
    throw new UsageError('GIT_REF_UNKNOWN', `git does not know the ref "${ref}": ${committed.stderr.trim()}`, {
      hint: 'Pass a branch, tag or commit that exists locally (in CI, fetch enough history, e.g. fetch-depth: 0).',
    });
  }
  const pending = await git(['status', '--porcelain', '--untracked-files=all', '--', '.']);
  const fromTop = (f: string) => relative(root, `${top.stdout.trim()}/${f}`).split(sep).join('/');
  const isOwnOutput = (file: string) => ignored.some((d) => file.startsWith(`${d}/`));
  const files = [
    ...committed.stdout.split('\n').filter(Boolean).map(fromTop),
    ...pending.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => fromTop(unquote(l.slice(3).split(' -> ').pop()!))),
  ].filter((f) => !isOwnOutput(f));
  const inPlugin = (p: PluginRef, f: string) => {
    if (f !== p.path && !f.startsWith(`${p.path}/`)) return false;
    const inside = f.slice(p.path.length + 1);
    return !OWN_OUTPUT_DIRS.some((d) => inside.startsWith(`${d}/`) || inside === d);
  };
  if (files.some((f) => sharedFiles.includes(f))) return plugins;
  return plugins.filter((p) => files.some((f) => inPlugin(p, f)));
}

/** git status quotes paths with unusual characters ("dir/a b.go"); the quotes are not part of the name. */
function unquote(path: string): string {
  return path.startsWith('"') && path.endsWith('"') ? path.slice(1, -1) : path;
}
