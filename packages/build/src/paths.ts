import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { OUTPUT_DEFAULTS } from '@hplugin/rules';
import type { BuildOptions } from './options.js';

/** $HPLUGIN_CACHE_DIR, else $XDG_CACHE_HOME/hplugin, else ~/.cache/hplugin. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HPLUGIN_CACHE_DIR) return resolve(env.HPLUGIN_CACHE_DIR);
  if (env.XDG_CACHE_HOME) return join(resolve(env.XDG_CACHE_HOME), 'hplugin');
  return join(homedir(), '.cache', 'hplugin');
}

export function outputPath(options: Pick<BuildOptions, 'pluginDir' | 'output'>): string {
  return options.output ?? join(options.pluginDir, OUTPUT_DEFAULTS.wasm);
}
