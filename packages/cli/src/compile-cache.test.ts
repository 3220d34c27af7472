import nodeModule from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCacheDir, enableCompileCache } from './compile-cache.js';

describe('enableCompileCache', () => {
  it("asks Node for a cache in hplugin's cache folder where Node has one (22.1 and later)", () => {
    const calls: (string | undefined)[] = [];
    const env = { HPLUGIN_CACHE_DIR: '/tmp/hplugin-cache-test' };
    expect(enableCompileCache(env, { enableCompileCache: (dir) => calls.push(dir) })).toBe(
      join(resolve('/tmp/hplugin-cache-test'), 'node-compile-cache'),
    );
    expect(calls).toEqual([compileCacheDir(env)]);
  });

  it('does nothing where Node has no compile cache (Node 20), and the real module says which this is', () => {
    expect(enableCompileCache({}, {})).toBeUndefined();
    const hasIt = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';
    const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
    expect(hasIt).toBe(major > 22 || (major === 22 && minor >= 1));
  });

  it('a cache that cannot be turned on never stops the command', () => {
    const failing = {
      enableCompileCache: () => {
        throw new Error('EACCES');
      },
    };
    expect(enableCompileCache({ HPLUGIN_CACHE_DIR: '/nonexistent' }, failing)).toBeUndefined();
  });
});
