import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** hplugin's cache folder: $HPLUGIN_CACHE_DIR, else $XDG_CACHE_HOME/hplugin, else ~/.cache/hplugin. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HPLUGIN_CACHE_DIR) return resolve(env.HPLUGIN_CACHE_DIR);
  if (env.XDG_CACHE_HOME) return join(resolve(env.XDG_CACHE_HOME), 'hplugin');
  return join(homedir(), '.cache', 'hplugin');
}
