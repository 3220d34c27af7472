/**
 * A plugin workspace: a root config with `workspace.plugins` globs. Without globs, any folder holding
 * main.go + go.mod, or a plugin config, is a plugin (the layout of Higress's extensions/ folder).
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '@hplugin/core';
import { discoverConfigs, loadConfigIn } from './discover.js';

export interface Workspace {
  root: string;
  configFile?: string;
  /** Absolute plugin folders, sorted. */
  plugins: string[];
}

const IGNORE = ['**/node_modules/**', '**/dist/**', '**/.git/**', '**/vendor/**', '**/.turbo/**'];

// Only workspace runs (--all, --filter) list folders: one plugin's commands never load the globber.
const loadGlob = async () => (await import('tinyglobby')).glob;

async function defaultPluginDirs(root: string): Promise<string[]> {
  const glob = await loadGlob();
  const markers = await glob(['**/go.mod', '**/hplugin.config.{yaml,yml,json,js,mjs,cjs,ts}', '**/.hpluginrc*'], {
    cwd: root,
    ignore: IGNORE,
    deep: 4,
  });
  const dirs = new Set<string>();
  for (const m of markers) {
    const dir = resolve(root, dirname(m));
    if (dir === root) continue;
    const isGo = existsSync(join(dir, 'go.mod')) && existsSync(join(dir, 'main.go'));
    if (isGo || !m.endsWith('go.mod')) dirs.add(dir);
  }
  return [...dirs];
}

/** Find the workspace that contains `cwd` and list its plugins. */
export async function resolveWorkspace(cwd: string): Promise<Workspace> {
  const start = resolve(cwd);
  const { workspace } = await discoverConfigs(start);
  const root = workspace?.dir ?? start;
  const globs = (workspace?.value.workspace as { plugins?: string[] } | undefined)?.plugins;
  const glob = await loadGlob();
  const plugins = globs?.length
    ? (await glob(globs, { cwd: root, onlyDirectories: true, ignore: IGNORE, expandDirectories: false })).map((d) => resolve(root, d))
    : await defaultPluginDirs(root);
  if (plugins.length === 0) {
    throw new UsageError(
      'WORKSPACE_EMPTY',
      `No plugins found under ${root}${globs ? ` with workspace.plugins ${JSON.stringify(globs)}` : ''}.`,
      {
        hint: 'Run from the workspace root, set workspace.plugins globs in its hplugin.config.yaml, or create a plugin with `hplugin new`.',
      },
    );
  }
  return { root, ...(workspace ? { configFile: workspace.file } : {}), plugins: [...new Set(plugins)].sort() };
}

/**
 * A plugin's name for selection (--filter), without resolving its whole config: the `name` in its
 * own config file when it has a readable one, else the folder name. Resolution (and its errors)
 * happens later, only for the plugins selected.
 */
export async function pluginNameIn(dir: string): Promise<string> {
  const own = await loadConfigIn(dir).catch(() => undefined);
  const name = own && !('workspace' in own.value) ? own.value.name : undefined;
  return typeof name === 'string' && name ? name : basename(dir);
}
