/**
 * What a command runs on: one plugin (the folder given, or the current one), or several plugins of
 * a workspace when --all, --filter or --changed-since is given.
 *
 * Selection comes first and needs only names and folders; configs are resolved for the selected
 * plugins only, so a plugin nobody asked for can never fail the run (e.g. for lacking a version).
 */
import { relative, sep } from 'node:path';
import { pluginNameIn, resolvePluginConfig, resolveWorkspace, type ResolvedPluginConfig } from '@hplugin/config';
import { defaultCacheDir } from '@hplugin/build';
import { toHpluginError, UsageError, type HpluginError } from '@hplugin/core';
import { changedPlugins, filterPlugins, type PluginRef } from './select.js';

export interface TargetOptions {
  cwd: string;
  all?: boolean;
  filter?: string[];
  changedSince?: string;
  /** False for commands that do not need a version (build). */
  requireVersion?: boolean;
  /** --version: only for one plugin (one number for many plugins is the bug this refuses). */
  version?: string;
  /**
   * With continueOnError a plugin whose config does not resolve becomes one entry of `unresolved`
   * (a failed row); without it the first such error is thrown before anything runs.
   */
  continueOnError?: boolean;
}

export type ResolvedTarget = PluginRef & { config: ResolvedPluginConfig };
export type UnresolvedTarget = PluginRef & { error: HpluginError };

export interface Targets {
  /** True when the user asked for several plugins (then output is a summary table). */
  many: boolean;
  root: string;
  plugins: ResolvedTarget[];
  /** Selected plugins whose config could not be resolved (only with continueOnError). */
  unresolved: UnresolvedTarget[];
  /** Every selected plugin, in workspace order: the rows of the summary. */
  selected: PluginRef[];
}

export function wantsMany(options: Pick<TargetOptions, 'all' | 'filter' | 'changedSince'>): boolean {
  return Boolean(options.all || options.filter?.length || options.changedSince);
}

export async function resolveTargets(options: TargetOptions): Promise<Targets> {
  const requireVersion = options.requireVersion ?? true;
  if (!wantsMany(options)) {
    const config = await resolvePluginConfig({
      cwd: options.cwd,
      requireVersion,
      ...(options.version ? { version: options.version } : {}),
    });
    const only = { dir: config.pluginDir, path: '.', name: config.name };
    return { many: false, root: config.pluginDir, plugins: [{ ...only, config }], unresolved: [], selected: [only] };
  }
  if (options.version) {
    throw new UsageError(
      'VERSION_FLAG_WITH_MANY',
      '--version sets the version of one plugin, but this run selects a workspace (--all, --filter or --changed-since).',
      {
        hint: 'Drop --version (each plugin takes its own from its config, VERSION file or wasm-go-<name>-vX.Y.Z tag), or run on one plugin folder.',
      },
    );
  }
  const ws = await resolveWorkspace(options.cwd);
  let selected: PluginRef[] = await Promise.all(
    ws.plugins.map(async (dir) => ({ dir, path: relative(ws.root, dir).split(sep).join('/'), name: await pluginNameIn(dir) })),
  );
  selected = filterPlugins(selected, options.filter ?? []);
  if (options.changedSince) {
    const shared = ws.configFile ? [relative(ws.root, ws.configFile).split(sep).join('/')] : [];
    // A build cache inside the repository (HPLUGIN_CACHE_DIR=.cache, as CI often sets) is output too.
    selected = await changedPlugins(ws.root, selected, options.changedSince, { sharedFiles: shared, ignoredDirs: [defaultCacheDir()] });
  }
  const resolved = await Promise.all(
    selected.map(async (ref): Promise<ResolvedTarget | UnresolvedTarget> => {
      try {
        const config = await resolvePluginConfig({ cwd: ref.dir, requireVersion });
        return { ...ref, name: config.name, config };
      } catch (thrown) {
        return { ...ref, error: toHpluginError(thrown) };
      }
    }),
  );
  const unresolved = resolved.filter((t): t is UnresolvedTarget => 'error' in t);
  // Without --continue-on-error a broken config fails before anything is built.
  if (unresolved.length && !options.continueOnError) throw unresolved[0]!.error;
  const plugins = resolved.filter((t): t is ResolvedTarget => 'config' in t);
  return { many: true, root: ws.root, plugins, unresolved, selected: resolved.map(({ dir, path, name }) => ({ dir, path, name })) };
}
