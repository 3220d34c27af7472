import { stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { expectError, fixture, tempDir } from '../__fixtures__/helpers.js';
import { defaultSpecgenCacheDir, ensureSpecgenBinary } from './binary.js';
import { runSpecgen } from './run.js';

describe('the cached spec generator', () => {
  it('is built once per source hash and Go version, then reused', async () => {
    const cacheDir = await tempDir('hplugin-specgen-cache-');
    const first = await ensureSpecgenBinary({ cacheDir });
    expect(first.cached).toBe(false);
    expect(first.goVersion).toMatch(/^go1\.\d+/);
    expect((await stat(first.path)).isFile()).toBe(true);
    const t0 = performance.now();
    const second = await ensureSpecgenBinary({ cacheDir });
    const secondMs = performance.now() - t0;
    expect(second).toMatchObject({ cached: true, path: first.path, buildMs: 0 });
    const t1 = performance.now();
    const out = await runSpecgen(second.path, fixture('consumer-auth'));
    const runMs = performance.now() - t1;
    expect(out.config?.name).toBe('AuthConfig');
    // Figures for the report (not asserted): first build, cache lookup, one generator run.
    console.info(
      `specgen: build ${first.buildMs} ms, cached lookup ${secondMs.toFixed(0)} ms, run ${runMs.toFixed(0)} ms (${first.goVersion})`,
    );
  });

  it('builds concurrently without tearing the binary', async () => {
    const cacheDir = await tempDir('hplugin-specgen-race-');
    const [a, b] = await Promise.all([ensureSpecgenBinary({ cacheDir }), ensureSpecgenBinary({ cacheDir })]);
    expect(a.path).toBe(b.path);
    expect((await runSpecgen(a.path, fixture('generic-ctx'))).config?.name).toBe('RouterConfig');
  });

  it('says how to install Go when the go command is missing', async () => {
    const err = await expectError(ensureSpecgenBinary({ goBinary: '/nonexistent/go', cacheDir: await tempDir() }), 'SPEC_GO_NOT_FOUND');
    expect(err.exitCode).toBe(2);
    expect(err.hint).toContain('Go 1.24');
  });

  it('keeps its cache under HPLUGIN_CACHE_DIR or XDG_CACHE_HOME', () => {
    expect(defaultSpecgenCacheDir({ HPLUGIN_CACHE_DIR: '/c' })).toBe('/c/specgen');
    expect(defaultSpecgenCacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/hplugin/specgen');
  });
});
