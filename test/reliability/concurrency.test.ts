/**
 * Two hplugin processes on the same plugin at once: two builds into one empty cache, two packagers
 * into one layout, two publishers to one registry tag. Each may succeed, or fail cleanly (exit 1
 * with an error code and no stack trace); afterwards the cache, the layout and the registry must be
 * consistent, and one more run must succeed.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRegistry, type RegistryHandle } from '../harness/index.js';
import { hplugin, type CliResult } from '../support/cli.js';
import { copyPlugin, expectOk, isolatedEnv, removeTempDirs, scaffoldPlugin, tempDir } from './support/fixture.js';
import { checkBuildCache, checkLayout, sha256File } from './support/layout-check.js';
import { danglingTags, tagDigest } from './support/registry-state.js';

const ROUNDS = 2;
let root: string;
let plugin: string;
let expected: { wasm: string; manifest: string };
let registry: RegistryHandle;

beforeAll(async () => {
  root = tempDir('concurrency');
  const env = isolatedEnv(root);
  plugin = await scaffoldPlugin(root, 'racy', env);
  const res = await hplugin(['package', '--json'], { cwd: plugin, env });
  expectOk(res, 'hplugin package');
  expected = { wasm: sha256File(join(plugin, 'dist', 'plugin.wasm')), manifest: res.json().package.manifestDigest };
  registry = await startRegistry({});
});

afterAll(async () => {
  await registry?.stop();
  removeTempDirs();
});

const outcomes: Record<string, { ok: number; cleanFailures: number }> = {};

/** Both at once; each either succeeds or fails cleanly. Returns how many succeeded. */
async function race(stage: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CliResult[]> {
  const results = await Promise.all([hplugin(args, { cwd, env }), hplugin(args, { cwd, env })]);
  const tally = (outcomes[stage] ??= { ok: 0, cleanFailures: 0 });
  for (const r of results) {
    if (r.code === 0) tally.ok++;
    else {
      expect(r.code, r.stderr).toBe(1);
      // With --json the error is the document on stdout; without, a line on stderr.
      if (args.includes('--json')) expect(r.json()).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^[A-Z_]+$/) } });
      else expect(r.stderr).toMatch(/error\[[A-Z_]+\]: /);
      expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
      tally.cleanFailures++;
    }
  }
  return results;
}

it('two builds of the same plugin into one empty cache', async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const env = isolatedEnv(root, { HPLUGIN_CACHE_DIR: join(root, `race-cache-${round}`) });
    const dir = copyPlugin(plugin, join(root, `race-build-${round}`));
    await race('build', ['build'], dir, env);
    const cache = checkBuildCache(env.HPLUGIN_CACHE_DIR!);
    expect(cache.problems).toEqual([]);
    expectOk(await hplugin(['build'], { cwd: dir, env }), 'build after the race');
    expect(sha256File(join(dir, 'dist', 'plugin.wasm'))).toBe(expected.wasm);
    expect(checkBuildCache(env.HPLUGIN_CACHE_DIR!).entries).toBe(1);
  }
  expect(outcomes.build!.ok).toBeGreaterThan(0);
});

it('two packagers into the same layout', async () => {
  const env = isolatedEnv(root);
  for (let round = 0; round < ROUNDS; round++) {
    const dir = copyPlugin(plugin, join(root, `race-package-${round}`));
    expectOk(await hplugin(['build'], { cwd: dir, env }), 'build');
    const results = await race('package', ['package', '--json'], dir, env);
    for (const r of results.filter((x) => x.code === 0)) expect(r.json().package.manifestDigest).toBe(expected.manifest);
    const report = checkLayout(join(dir, 'dist', 'oci'));
    expect(report.problems).toEqual([]);
    expect(report.tempFiles).toEqual([]);
    const again = await hplugin(['inspect', 'dist/oci:0.1.0', '--json'], { cwd: dir, env });
    expectOk(again, 'inspect after the race');
    expect(again.json().descriptor.digest).toBe(expected.manifest);
  }
  expect(outcomes.package!.ok).toBeGreaterThan(0);
});

it('two publishers of the same plugin to the same registry tag', async () => {
  const env = isolatedEnv(root);
  const repositories: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const repository = `race/plugin-${round}`;
    repositories.push(repository);
    const dir = copyPlugin(plugin, join(root, `race-publish-${round}`));
    const args = [
      'publish',
      '--registry',
      registry.host,
      '--repository',
      repository,
      '--plain-http',
      '--tag',
      '0.1.0',
      '--tag',
      'latest',
      '--json',
    ];
    const results = await race('publish', args, dir, env);
    for (const r of results.filter((x) => x.code === 0)) expect(r.json().digest).toBe(expected.manifest);
    expect(await tagDigest(registry, repository, '0.1.0')).toBe(expected.manifest);
    expect(await tagDigest(registry, repository, 'latest')).toBe(expected.manifest);
    expect(checkLayout(join(dir, 'dist', 'oci')).problems).toEqual([]);
    const again = await hplugin(args, { cwd: dir, env });
    expectOk(again, 'publish after the race');
    expect(again.json().publish.status).toBe('unchanged');
  }
  expect((await danglingTags(registry, repositories)).dangling).toEqual([]);
  console.log(`[reliability] concurrency (${ROUNDS} rounds of 2 processes): ${JSON.stringify(outcomes)}`);
  expect(outcomes.publish!.ok).toBeGreaterThan(0);
});
