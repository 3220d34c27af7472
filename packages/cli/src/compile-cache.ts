/**
 * V8's compile cache for the CLI's own JavaScript (Node ≥ 22.1, module.enableCompileCache): the
 * second and later runs of hplugin skip parsing and compiling the modules they load, which is most
 * of a command's start-up. On Node 20 the function does not exist and this does nothing.
 *
 * Safe to turn on: Node keys every entry by the source's hash (an edited or upgraded file is compiled
 * again), a cache folder that cannot be written only turns the cache off, and NODE_DISABLE_COMPILE_CACHE=1
 * still disables it. The folder sits in hplugin's cache (`hplugin` never writes to the user's project).
 */
import nodeModule from 'node:module';
import { join } from 'node:path';
// The one module of core this needs, not core's entry: loaded before the cache is on, that entry
// (~12 ms on Node 22) would be compiled afresh on every run.
import { defaultCacheDir } from '@hplugin/core/cache-dir';

interface CompileCacheApi {
  enableCompileCache?: (directory?: string) => unknown;
}

/** The compile cache's folder for this environment. */
export function compileCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(defaultCacheDir(env), 'node-compile-cache');
}

/** Turns the cache on where Node has it; returns the folder it asked for, or undefined (Node < 22.1). */
export function enableCompileCache(
  env: NodeJS.ProcessEnv = process.env,
  api: CompileCacheApi = nodeModule as CompileCacheApi,
): string | undefined {
  if (typeof api.enableCompileCache !== 'function') return undefined;
  const directory = compileCacheDir(env);
  try {
    api.enableCompileCache(directory);
  } catch {
    // A cache is an optimisation: whatever goes wrong with it, the command runs uncached.
    return undefined;
  }
  return directory;
}
