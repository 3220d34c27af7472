/**
 * kill -9 in the middle of `hplugin build` and `hplugin package`, then the same command again: no
 * corrupt cache entry or layout is ever trusted. Kill points: while the Go linker writes its temp
 * output, and at fixed delays across the command. After each kill the cache and the layout must
 * pass a strict check (entries name intact blobs, blobs hash to their names, index.json parses),
 * and a module in place must be whole. Then temp files and damaged files are planted on purpose.
 */
import { existsSync, readdirSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hplugin } from '../support/cli.js';
import { copyPlugin, expectOk, isolatedEnv, removeTempDirs, scaffoldPlugin, tempDir } from './support/fixture.js';
import { checkBuildCache, checkLayout, sha256File } from './support/layout-check.js';
import { startCli, waitFor } from './support/spawn.js';

let root: string;
let plugin: string;
let expected: { wasm: string; manifest: string };

beforeAll(async () => {
  root = tempDir('kill-build');
  const env = isolatedEnv(root);
  plugin = await scaffoldPlugin(root, 'crashy', env);
  const res = await hplugin(['package', '--json'], { cwd: plugin, env });
  expectOk(res, 'hplugin package');
  expected = { wasm: sha256File(join(plugin, 'dist', 'plugin.wasm')), manifest: res.json().package.manifestDigest };
});

afterAll(() => removeTempDirs());

const goTempOutput = (dir: string) => () => existsSync(join(dir, 'dist')) && readdirSync(join(dir, 'dist')).some((n) => n.endsWith('.tmp'));
const KILL_DELAYS_MS = [150, 300, 500, 800];

it('kill -9 during build (mid-link and at fixed delays), then rerun: the cache and the module are whole', async () => {
  let killedMidRun = 0;
  const points: Array<{ name: string; ready: (dir: string) => () => boolean | Promise<boolean> }> = [
    { name: 'while go writes its output', ready: goTempOutput },
    ...KILL_DELAYS_MS.map((ms) => ({
      name: `after ${ms} ms`,
      ready: () => {
        const t = Date.now() + ms;
        return () => Date.now() >= t;
      },
    })),
  ];
  for (const [i, point] of points.entries()) {
    // An empty cache each time, so the build really compiles and stores.
    const env = isolatedEnv(root, { HPLUGIN_CACHE_DIR: join(root, `build-cache-${i}`) });
    const dir = copyPlugin(plugin, join(root, `build-${i}`));
    const running = startCli(['build'], { cwd: dir, env });
    const reached = await waitFor(point.ready(dir), running);
    running.killHard();
    const killed = await running.done;
    if (reached && killed.signal === 'SIGKILL') killedMidRun++;

    const cache = checkBuildCache(env.HPLUGIN_CACHE_DIR!);
    expect(cache.problems, point.name).toEqual([]);
    // A module in place after the kill is the whole module, never a prefix of it.
    const wasm = join(dir, 'dist', 'plugin.wasm');
    if (existsSync(wasm)) expect(sha256File(wasm), point.name).toBe(expected.wasm);

    const rerun = await hplugin(['build', '--json'], { cwd: dir, env });
    expectOk(rerun, `build after a kill ${point.name}`);
    expect(sha256File(wasm)).toBe(expected.wasm);
    const after = checkBuildCache(env.HPLUGIN_CACHE_DIR!);
    expect(after.problems).toEqual([]);
    expect(after.entries).toBe(1);
  }
  console.log(`[reliability] build: ${points.length} kill points, ${killedMidRun} killed mid-run`);
  expect(killedMidRun).toBeGreaterThan(0);
});

it('a damaged cache entry or module is rebuilt, and a half-written temp file is never served', async () => {
  const env = isolatedEnv(root, { HPLUGIN_CACHE_DIR: join(root, 'damaged-cache') });
  const dir = copyPlugin(plugin, join(root, 'damaged'));
  expectOk(await hplugin(['build'], { cwd: dir, env }), 'first build');
  const blobDir = join(env.HPLUGIN_CACHE_DIR!, 'build', 'v1', 'blobs', 'sha256');
  const [blob] = readdirSync(blobDir);
  const wasm = join(dir, 'dist', 'plugin.wasm');
  // What a non-atomic writer killed halfway would leave: the final names holding half the bytes,
  // plus temp files next to them.
  truncateSync(join(blobDir, blob!), 1_000_000);
  truncateSync(wasm, 1_000);
  writeFileSync(join(blobDir, `.${blob}.99999.deadbeef.tmp`), 'half a module');
  writeFileSync(join(dir, 'dist', '.plugin.wasm.99999.deadbeef.tmp'), 'half a module');

  const res = await hplugin(['build', '--json'], { cwd: dir, env });
  expectOk(res, 'build over a damaged cache');
  expect(res.json().warnings.map((w: { code?: string }) => w.code)).toContain('BUILD_CACHE_CORRUPT');
  expect(sha256File(wasm)).toBe(expected.wasm);
  expect(checkBuildCache(env.HPLUGIN_CACHE_DIR!).problems).toEqual([]);
  // The damaged module in dist/ is replaced even when the cache is fine.
  truncateSync(wasm, 1_000);
  expectOk(await hplugin(['build'], { cwd: dir, env }), 'build over a truncated module');
  expect(sha256File(wasm)).toBe(expected.wasm);
});

it('kill -9 during package at several points, then rerun: the layout is valid and holds the same digest', async () => {
  const env = isolatedEnv(root);
  let killedMidRun = 0;
  const points = [
    {
      name: 'while a blob is being written',
      ready: (dir: string) => () =>
        existsSync(join(dir, 'dist', 'oci', 'blobs', 'sha256')) &&
        readdirSync(join(dir, 'dist', 'oci', 'blobs', 'sha256')).some((n) => n.startsWith('.')),
    },
    ...KILL_DELAYS_MS.map((ms) => ({
      name: `after ${ms} ms`,
      ready: () => {
        const t = Date.now() + ms;
        return () => Date.now() >= t;
      },
    })),
  ];
  for (const [i, point] of points.entries()) {
    const dir = copyPlugin(plugin, join(root, `package-${i}`));
    expectOk(await hplugin(['build'], { cwd: dir, env }), 'build');
    const running = startCli(['package'], { cwd: dir, env });
    const reached = await waitFor(point.ready(dir), running);
    running.killHard();
    if (reached && (await running.done).signal === 'SIGKILL') killedMidRun++;
    const layout = join(dir, 'dist', 'oci');
    if (existsSync(join(layout, 'index.json'))) expect(checkLayout(layout).problems, point.name).toEqual([]);

    const rerun = await hplugin(['package', '--json'], { cwd: dir, env });
    expectOk(rerun, `package after a kill ${point.name}`);
    expect(rerun.json().package.manifestDigest).toBe(expected.manifest);
    expect(checkLayout(layout).problems).toEqual([]);
  }
  console.log(`[reliability] package: ${points.length} kill points, ${killedMidRun} killed mid-run`);
  expect(killedMidRun).toBeGreaterThan(0);
});

it('a damaged layout blob is rewritten by package, and temp files are ignored (stale ones removed)', async () => {
  const env = isolatedEnv(root);
  const dir = copyPlugin(plugin, join(root, 'damaged-layout'));
  expectOk(await hplugin(['package'], { cwd: dir, env }), 'package');
  const layout = join(dir, 'dist', 'oci');
  const blobDir = join(layout, 'blobs', 'sha256');
  const biggest = readdirSync(blobDir)
    .map((n) => ({ n, p: join(blobDir, n) }))
    .sort((a, b) => sizeOf(b.p) - sizeOf(a.p))[0]!;
  truncateSync(biggest.p, 1_000);
  const fresh = join(blobDir, '.blob.99999.cafebabe.tmp');
  const stale = join(blobDir, '.blob.99998.cafebabe.tmp');
  writeFileSync(fresh, 'half a blob');
  writeFileSync(stale, 'half a blob from long ago');
  const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
  utimesSync(stale, twoHoursAgo, twoHoursAgo);
  writeFileSync(join(layout, 'index.json.123456'), '{"schemaVersion": 2, "manif');

  // A reader refuses the damaged blob rather than serving it.
  const inspect = await hplugin(['inspect', `${layout}:0.1.0`], { cwd: dir, env });
  expect(inspect.code).toBe(1);
  expect(inspect.stdout).toContain(`does not hash to its name sha256:${biggest.n}`);
  expect(inspect.stdout + inspect.stderr).not.toMatch(/\n\s+at /);

  const res = await hplugin(['package', '--json'], { cwd: dir, env });
  expectOk(res, 'package over a damaged layout');
  expect(res.json().package.manifestDigest).toBe(expected.manifest);
  const report = checkLayout(layout);
  expect(report.problems).toEqual([]);
  expect(existsSync(stale)).toBe(false);
  expect(report.tempFiles).toContain(fresh);
});

function sizeOf(path: string): number {
  return statSync(path).size;
}
