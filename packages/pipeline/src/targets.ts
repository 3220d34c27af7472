/**
 * What a command runs on: one plugin (the folder given, or the current one), or several plugins of
 * a workspace when --all, --filter or --changed-since is given.
 */
import { relative, sep, basename } from 'node:path';
import { resolvePluginConfig, resolveWorkspace, type ResolvedPluginConfig } from '@hplugin/config';
import { changedPlugins, filterPlugins, type PluginRef } from './select.js';

export interface TargetOptions {
  cwd: string;
  all?: boolean;
  filter?: string[];
  changedSince?: string;
  /** False for commands that do not need a version (build). */
  requireVersion?: boolean;
}

export interface Targets {
  /** True when the user asked for several plugins (then output is a summary table). */
  many: boolean;
  root: string;
  plugins: Array<PluginRef & { config: ResolvedPluginConfig }>;
}

export function wantsMany(options: TargetOptions): boolean {
  return Boolean(options.all || options.filter?.length || options.changedSince);
}

export async function resolveTargets(options: TargetOptions): Promise<Targets> {
  if (!wantsMany(options)) {
    const config = await resolvePluginConfig({ cwd: options.cwd, requireVersion: options.requireVersion ?? true });
    return { many: false, root: config.pluginDir, plugins: [{ dir: config.pluginDir, path: '.', name: config.name, config }] };
  }
  const ws = await resolveWorkspace(options.cwd);
  // Resolve every plugin's config up front: a broken config fails before anything is built.
  let plugins = await Promise.all(
    ws.plugins.map(async (dir) => {
      const config = await resolvePluginConfig({ cwd: dir, requireVersion: options.requireVersion ?? true });
      return { dir, path: relative(ws.root, dir).split(sep).join('/'), name: config.name ?? basename(dir), config };
    }),
  );
  plugins = filterPlugins(plugins, options.filter ?? []) as typeof plugins;
  if (options.changedSince) {
    const shared = ws.configFile ? [relative(ws.root, ws.configFile).split(sep).join('/')] : [];
    plugins = (await changedPlugins(ws.root, plugins, options.changedSince, shared)) as typeof plugins;
  }
  return { many: true, root: ws.root, plugins };
}
