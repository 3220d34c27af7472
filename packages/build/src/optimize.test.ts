/**
 * optimize: true runs Binaryen's wasm-opt on the real SDK module. The result must still pass the
 * check and still start (WASI + _initialize + a root context), exactly like the unoptimised one.
 */
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPlugin, type BuildResult } from './index.js';
import { copyFixture, recordingReporter, tempDir } from './__fixtures__/fixtures.js';
import { startPlugin } from './__fixtures__/instantiate.js';

describe('optimize with binaryen', () => {
  let plain: BuildResult;
  let optimized: BuildResult;
  const reporter = recordingReporter();

  beforeAll(async () => {
    const cacheDir = await tempDir('hplugin-cache-');
    plain = await buildPlugin({ pluginDir: await copyFixture('hello-header'), cacheDir });
    optimized = await buildPlugin({ pluginDir: await copyFixture('hello-header'), cacheDir, optimize: true, reporter });
  }, 300_000);

  it('reports before/after sizes and the optimised module passes the same check', () => {
    expect(optimized.optimized?.before).toBe(plain.size);
    expect(optimized.optimized?.after).toBe(optimized.size);
    expect(optimized.size).toBeLessThan(plain.size);
    expect(optimized.check).toMatchObject({ ok: true, kind: 'reactor', abiVersions: plain.check.abiVersions });
    expect(optimized.check.exports.map((e) => e.name).sort()).toEqual(plain.check.exports.map((e) => e.name).sort());
    expect(reporter.tasks).toContain('Optimising with Binaryen wasm-opt');
  });

  it('is part of the inputs hash: optimised and plain builds are cached apart', () => {
    expect(optimized.inputsHash).not.toBe(plain.inputsHash);
  });

  it('still instantiates with node:wasi and runs _initialize, VM start and configure, like the plain module', async () => {
    const before = await startPlugin(await readFile(plain.wasmPath));
    const after = await startPlugin(await readFile(optimized.wasmPath));
    expect(before).toMatchObject({ vmStart: 1, configure: 1 });
    expect(before.calledHost).toContain('proxy_get_buffer_bytes');
    expect(after).toEqual(before);
  });
});
