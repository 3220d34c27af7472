/**
 * Real Go builds of the fixtures. hello-header is built once per file (cold, into a fresh cache)
 * and the result is shared by the tests below it.
 */
import { readdir, readFile, writeFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { isHpluginError } from '@hplugin/core';
import { buildPlugin, checkWasm, isBuildStale, type BuildResult } from './index.js';
import { BuildCache, sha256Hex } from './cache.js';
import { readFactsFromSections } from './check/sections.js';
import { readWasmFacts } from './check/wasm-check.js';
import { copyFixture, recordingReporter, tempDir, type RecordingReporter } from './__fixtures__/fixtures.js';

async function caught(promise: Promise<unknown>) {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isHpluginError(err)) throw new Error(`expected an HpluginError, got ${String(err)}`);
  return err;
}

describe('building hello-header with Go', () => {
  let pluginDir: string;
  let cacheDir: string;
  let reporter: RecordingReporter;
  let first: BuildResult;

  beforeAll(async () => {
    pluginDir = await copyFixture('hello-header');
    cacheDir = await tempDir('hplugin-cache-');
    reporter = recordingReporter();
    first = await buildPlugin({ pluginDir, cacheDir, reporter });
  });

  it('writes a checked reactor to dist/plugin.wasm with the c-shared command', async () => {
    const bytes = await readFile(join(pluginDir, 'dist', 'plugin.wasm'));
    expect(first).toMatchObject({
      wasmPath: join(pluginDir, 'dist', 'plugin.wasm'),
      size: bytes.byteLength,
      wasmDigest: sha256Hex(bytes),
      cached: false,
    });
    expect(first.toolchain.name).toBe('go');
    expect(first.toolchain.version).toMatch(/^go1\.(2[4-9]|[3-9]\d)\./);
    expect(first.command.slice(1, 5)).toEqual(['build', '-buildmode=c-shared', '-trimpath', '-buildvcs=false']);
    expect(first.command.at(-2)).toBe(first.wasmPath);
    expect(first.check).toMatchObject({ ok: true, kind: 'reactor', errors: [] });
    expect(first.check.abiVersions).toContain('0.2.100');
    expect(first.inputsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(reporter.tasks.some((t) => t.startsWith('Compiling hello-header with go1.'))).toBe(true);
  });

  it("reads the Go module's facts from its sections exactly as the engine does", async () => {
    const bytes = await readFile(first.wasmPath);
    const engine = readWasmFacts(bytes, 'plugin.wasm');
    if ('ok' in engine) throw new Error('the engine rejected the Go module');
    expect(engine.builtByGo).toBe(true);
    expect(readFactsFromSections(bytes)).toEqual(engine);
  });

  it('warns about sched_yield, which Go 1.24 modules import and old gateways lack', () => {
    expect(first.check.warnings.map((w) => w.code)).toContain('WASM_WASI_NOT_ON_OLD_GATEWAYS');
    expect(reporter.warnings.map((w) => w.code)).toContain('WASM_WASI_NOT_ON_OLD_GATEWAYS');
  });

  it('serves an unchanged build from the cache and says "cached"', async () => {
    const again = recordingReporter();
    const second = await buildPlugin({ pluginDir, cacheDir, reporter: again });
    expect(second).toMatchObject({
      cached: true,
      inputsHash: first.inputsHash,
      size: first.size,
      wasmDigest: first.wasmDigest,
      command: first.command,
    });
    expect(again.infos.join('\n')).toMatch(/cached/);
    expect(again.tasks).toEqual([]);
  });

  it("keeps the engine's parse with the cache entry, and a hit judges it with the current rules", async () => {
    const entry = await new BuildCache(cacheDir).readEntry(first.inputsHash);
    expect(entry?.facts).toMatchObject({ builtByGo: true, size: first.size });
    expect(entry!.facts!.imports).toEqual(first.check.imports);
    const again = recordingReporter();
    const hit = await buildPlugin({ pluginDir, cacheDir, reporter: again });
    expect(hit.cached).toBe(true);
    expect(hit.check).toEqual(first.check);
    expect(again.warnings.map((w) => w.code)).toContain('WASM_WASI_NOT_ON_OLD_GATEWAYS');
  });

  it('rebuilds with force and produces the same bytes (reproducible)', async () => {
    const before = sha256Hex(await readFile(first.wasmPath));
    const forced = await buildPlugin({ pluginDir, cacheDir, force: true });
    expect(forced.cached).toBe(false);
    expect(sha256Hex(await readFile(forced.wasmPath))).toBe(before);
  });

  it('restores a deleted dist/plugin.wasm from the cache, and isBuildStale tracks it', async () => {
    expect(await isBuildStale({ pluginDir, cacheDir })).toEqual({ stale: false, inputsHash: first.inputsHash });
    await rm(first.wasmPath);
    expect(await isBuildStale({ pluginDir, cacheDir })).toMatchObject({ stale: true, reason: 'output-missing' });
    const restored = await buildPlugin({ pluginDir, cacheDir });
    expect(restored.cached).toBe(true);
    expect((await readFile(restored.wasmPath)).byteLength).toBe(first.size);
    await writeFile(join(pluginDir, 'dist', 'plugin.wasm'), 'not the build');
    expect(await isBuildStale({ pluginDir, cacheDir })).toMatchObject({ stale: true, reason: 'output-differs' });
    expect(await isBuildStale({ pluginDir, cacheDir: await tempDir() })).toMatchObject({ stale: true, reason: 'not-built' });
  });
});

describe('other fixtures', () => {
  it('builds config-gjson (ParseConfigBy + gjson) into a valid plugin', async () => {
    const pluginDir = await copyFixture('config-gjson');
    const output = join(await tempDir(), 'out', 'config-gjson.wasm');
    const result = await buildPlugin({ pluginDir, output, cacheDir: await tempDir() });
    expect(result.wasmPath).toBe(output);
    expect(result.check.ok).toBe(true);
    expect(result.check.exports.map((e) => e.name)).toContain('proxy_on_request_headers');
  });

  it("fails compile-error with BUILD_FAILED, Go's own words and a structured diagnostic, leaving the old output alone", async () => {
    const pluginDir = await copyFixture('compile-error');
    await mkdir(join(pluginDir, 'dist'));
    await writeFile(join(pluginDir, 'dist', 'plugin.wasm'), 'previous build');
    const err = await caught(buildPlugin({ pluginDir, cacheDir: await tempDir() }));
    expect(err.code).toBe('BUILD_FAILED');
    expect(err.exitCode).toBe(1);
    expect(err.message).toContain(
      '# example.com/compile-error\n./main.go:30:18: cannot use config.header (variable of type string) as int value in variable declaration',
    );
    expect(err.message).not.toMatch(/^command failed/i);
    expect(err.details?.diagnostics).toEqual([
      {
        file: join(pluginDir, 'main.go'),
        line: 30,
        column: 18,
        message: 'cannot use config.header (variable of type string) as int value in variable declaration',
      },
    ]);
    expect(await readFile(join(pluginDir, 'dist', 'plugin.wasm'), 'utf8')).toBe('previous build');
    expect(await readdir(join(pluginDir, 'dist'))).toEqual(['plugin.wasm']);
  });

  it('rejects plain-main, a Go command module built without c-shared, explaining restricted_callback', async () => {
    const dir = await copyFixture('plain-main');
    await execa('go', ['build', '-o', 'main.wasm', '.'], { cwd: dir, env: { GOOS: 'wasip1', GOARCH: 'wasm' } });
    const result = checkWasm(await readFile(join(dir, 'main.wasm')), 'main.wasm');
    expect(result.ok).toBe(false);
    expect(result.kind).toBe('command');
    expect(result.errors.map((e) => e.code)).toEqual(['WASM_NOT_REACTOR', 'WASM_NOT_PROXY_WASM']);
    expect(result.errors[0]!.message).toMatch(
      /built without -buildmode=c-shared.*restricted_callback.*higress#3268.*go build -buildmode=c-shared/s,
    );
  });

  it('refuses a go.mod that needs a newer Go when GOTOOLCHAIN=local', async () => {
    const pluginDir = await copyFixture('hello-header');
    const goMod = await readFile(join(pluginDir, 'go.mod'), 'utf8');
    await writeFile(join(pluginDir, 'go.mod'), goMod.replace('go 1.24.1', 'go 1.99'));
    const err = await caught(buildPlugin({ pluginDir, cacheDir: await tempDir(), env: { GOTOOLCHAIN: 'local' } }));
    expect(err.code).toBe('GO_MOD_NEEDS_NEWER_GO');
    expect(err.message).toMatch(
      /^go\.mod says "go 1\.99", but the Go found is go1\.\d+\.\d+, and GOTOOLCHAIN=local stops Go from fetching a newer toolchain\.$/,
    );
    expect(err.hint).toMatch(/GOTOOLCHAIN=auto/);
  });

  it('stops with BUILD_CANCELLED when the signal is aborted, leaving no output', async () => {
    const pluginDir = await copyFixture('hello-header');
    const controller = new AbortController();
    controller.abort();
    const err = await caught(buildPlugin({ pluginDir, cacheDir: await tempDir(), signal: controller.signal }));
    expect(err.code).toBe('BUILD_CANCELLED');
    await expect(readdir(join(pluginDir, 'dist'))).rejects.toThrow(/ENOENT/);
  });

  it('reports a missing go.mod as a usage error', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'main.go'), 'package main\nfunc main() {}\n');
    const err = await caught(buildPlugin({ pluginDir: dir, cacheDir: await tempDir() }));
    expect(err).toMatchObject({ code: 'GO_MOD_NOT_FOUND', exitCode: 2 });
  });
});
