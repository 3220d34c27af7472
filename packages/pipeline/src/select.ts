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
 * Files changed since `ref` (committed after the merge base, plus uncommitted and untracked files),
 * mapped to the plugins that contain them. A change to a workspace-level file outside every plugin
 * (e.g. the root config) selects all plugins, since it can change any of them.
 */
export async function changedPlugins(root: string, plugins: PluginRef[], ref: string, sharedFiles: string[] = []): Promise<PluginRef[]> {
  const { execa } = await import('execa');
  const git = (args: string[]) => execa('git', args, { cwd: root, reject: false });
  const top = await git(['rev-parse', '--show-toplevel']);
  if (top.exitCode !== 0) {
    throw new UsageError('GIT_UNAVAILABLE', `--changed-since needs a git repository, but ${root} is not inside one.`, { hint: 'Run from a git checkout, or drop --changed-since.' });
  }
  const committed = await git(['diff', '--name-only', `${ref}...HEAD`, '--', '.']);
  if (committed.exitCode !== 0) {
    throw new UsageError('GIT_REF_UNKNOWN', `git does not know the ref "${ref}": ${committed.stderr.trim()}`, {
      hint: 'Pass a branch, tag or commit that exists locally (in CI, fetch enough history, e.g. fetch-depth: 0).',
    });
  }
  const pending = await git(['status', '--porcelain', '--untracked-files=all', '--', '.']);
  const fromTop = (f: string) => relative(root, `${top.stdout.trim()}/${f}`).split(sep).join('/');
  const files = [
    ...committed.stdout.split('\n').filter(Boolean).map(fromTop),
    ...pending.stdout.split('\n').filter(Boolean).map((l) => fromTop(l.slice(3).split(' -> ').pop()!)),
  ];
  if (files.some((f) => sharedFiles.includes(f))) return plugins;
  return plugins.filter((p) => files.some((f) => f === p.path || f.startsWith(`${p.path}/`)));
}
