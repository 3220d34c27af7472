/**
 * The fault suite: 120 seeded publishes of a real packaged plugin through the fault proxy in front
 * of a real docker-registry, plus a pull-back of some of them with faults in the middle of blob
 * downloads. Every run either succeeds, and then the registry's digest (asked directly, not through
 * the proxy) equals the local one, or fails with an HpluginError and leaves the tag exactly as it
 * was. At the end no tag of any repository points at missing content.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isHpluginError } from '@hplugin/core';
import { publishLayout, pullPlugin } from '@hplugin/publish';
import { ROUTES, seededRandom, startFaultProxy, startRegistry, type FaultProxy, type RegistryHandle } from '../harness/index.js';
import { hplugin } from '../support/cli.js';
import { CLIENT_TIMEOUT_MS, pickScenario } from './support/fault-catalogue.js';
import { copyPlugin, expectOk, isolatedEnv, removeTempDirs, scaffoldPlugin, tempDir } from './support/fixture.js';
import { danglingTags, tagDigest } from './support/registry-state.js';

const RUNS = 120;
const SEED = 20_251_129;

interface Packaged {
  layoutDir: string;
  digest: string;
  biggestBlob: number;
}

let root: string;
let registry: RegistryHandle;
let proxy: FaultProxy;
let layouts: [Packaged, Packaged];

async function packageCopy(dir: string, env: NodeJS.ProcessEnv): Promise<Packaged> {
  const res = await hplugin(['package', '--json'], { cwd: dir, env });
  expectOk(res, 'hplugin package');
  const doc = res.json<{ package: { layoutDir: string; manifestDigest: string; layers: Array<{ size: number }> } }>();
  return {
    layoutDir: doc.package.layoutDir,
    digest: doc.package.manifestDigest,
    biggestBlob: Math.max(...doc.package.layers.map((l) => l.size)),
  };
}

beforeAll(async () => {
  root = tempDir('faults');
  const env = isolatedEnv(root);
  const a = await scaffoldPlugin(root, 'faulty', env);
  // A second artifact with a different module, so that "the tag moved" and "it did not" differ.
  const b = copyPlugin(a, join(root, 'faulty-b'));
  const main = join(b, 'main.go');
  writeFileSync(
    main,
    readFileSync(main, 'utf8').replace('"sending the 403 response failed: %v"', '"variant b: sending the 403 response failed: %v"'),
  );
  layouts = [await packageCopy(a, env), await packageCopy(b, env)];
  expect(layouts[0].digest).not.toBe(layouts[1].digest);
  registry = await startRegistry({});
  proxy = await startFaultProxy({ target: registry });
});

afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
  removeTempDirs();
});

it(`${RUNS} publishes with mixed seeded faults: each succeeds with the local digest or fails cleanly, and no tag dangles`, async () => {
  const random = seededRandom(SEED);
  const delays: number[] = [];
  const retry = {
    maxAttempts: 4,
    minDelayMs: 1,
    maxDelayMs: 4,
    maxRetryAfterMs: 60_000,
    // Record what the client would wait (Retry-After included) but never really wait long.
    sleep: async (ms: number) => {
      delays.push(ms);
      await new Promise((resolve) => setTimeout(resolve, Math.min(ms, 2)));
    },
  };
  const tally = {
    faults: 0,
    survived: 0,
    cleanFailures: 0,
    untouchedOnFailure: 0,
    byScenario: {} as Record<string, { runs: number; ok: number }>,
    errorCodes: {} as Record<string, number>,
  };
  const repositories: string[] = [];

  for (let run = 0; run < RUNS; run++) {
    const [mine, other] = random() < 0.5 ? layouts : [layouts[1], layouts[0]];
    const repository = `faults/run-${run}`;
    repositories.push(repository);
    const common = { sourceTag: '0.1.0', repository, tags: ['latest'], plainHttp: true, credentials: async () => undefined, retry };
    // Half the runs find the tag already pointing at the other artifact: a failure must not move it.
    // (Set up through the proxy with no faults: its connections are quicker than a fresh one per publish.)
    proxy.setPlan({ rules: [] });
    if (random() < 0.5) await publishLayout({ ...common, layoutDir: other.layoutDir, registry: proxy.host });
    const before = await tagDigest(registry, repository, 'latest');

    const scenario = pickScenario(random, mine.biggestBlob);
    proxy.setPlan({ rules: scenario.rules, seed: run + 1 });
    proxy.resetStats();
    const stats = (tally.byScenario[scenario.name] ??= { runs: 0, ok: 0 });
    stats.runs++;
    try {
      const result = await publishLayout({
        ...common,
        layoutDir: mine.layoutDir,
        registry: proxy.host,
        // A fresh transport per run (publishLayout closes it), with the short timeout the stall faults outlast.
        timeoutMs: CLIENT_TIMEOUT_MS,
        ...(scenario.chunked ? { chunkThreshold: 256 * 1024, chunkSize: 512 * 1024 } : {}),
      });
      expect(result.digest).toBe(mine.digest);
      expect(await tagDigest(registry, repository, 'latest'), `run ${run} (${scenario.name})`).toBe(mine.digest);
      tally.survived++;
      stats.ok++;
    } catch (error) {
      expect(isHpluginError(error), `run ${run} (${scenario.name}) threw a raw ${String(error)}`).toBe(true);
      const code = (error as { code: string }).code;
      tally.errorCodes[code] = (tally.errorCodes[code] ?? 0) + 1;
      expect(await tagDigest(registry, repository, 'latest'), `run ${run} (${scenario.name}) failed with ${code} but moved the tag`).toBe(
        before,
      );
      tally.cleanFailures++;
      if (before !== undefined) tally.untouchedOnFailure++;
    }
    tally.faults += proxy.stats.faults;
  }

  const { tags, dangling } = await danglingTags(registry, repositories);
  console.log(
    `[reliability] faults injected: ${tally.faults}; publishes: ${RUNS}; survived: ${tally.survived}; clean failures: ${tally.cleanFailures} ` +
      `(${tally.untouchedOnFailure} with an existing tag left in place); dangling tags: ${dangling.length} of ${tags}; ` +
      `Retry-After waits honoured: ${delays.filter((d) => d === 1000).length}\n` +
      `  error codes: ${JSON.stringify(tally.errorCodes)}\n  by scenario: ${JSON.stringify(tally.byScenario)}`,
  );
  expect(dangling).toEqual([]);
  expect(tally.survived + tally.cleanFailures).toBe(RUNS);
  // The mix must really exercise both outcomes and the retry path, or the suite proves nothing.
  expect(tally.faults).toBeGreaterThanOrEqual(RUNS);
  expect(tally.survived).toBeGreaterThan(RUNS / 2);
  expect(tally.cleanFailures).toBeGreaterThan(0);
  expect(tally.untouchedOnFailure).toBeGreaterThan(0);
  expect(delays).toContain(1000);
});

it('pulls back through resets and truncations in the middle of blob downloads: the right bytes or a clean error, never a partial file', async () => {
  const repository = 'faults/pull-back';
  const [mine] = layouts;
  await publishLayout({
    layoutDir: mine.layoutDir,
    sourceTag: '0.1.0',
    registry: registry.host,
    repository,
    tags: ['1.0.0'],
    plainHttp: true,
    credentials: async () => undefined,
  });
  const random = seededRandom(SEED + 1);
  let ok = 0;
  let failed = 0;
  for (let run = 0; run < 12; run++) {
    const fault =
      random() < 0.5
        ? ({ type: 'reset', on: 'response', after: 1 + Math.floor(random() * 500_000) } as const)
        : ({ type: 'truncate', after: 1 + Math.floor(random() * 500_000) } as const);
    proxy.setPlan({ rules: [{ ...ROUTES.blobGet, fault, times: 1 + Math.floor(random() * 2) }] });
    const outDir = join(root, `pulled-${run}`);
    try {
      const res = await pullPlugin({
        reference: `${proxy.host}/${repository}:1.0.0`,
        outDir,
        plainHttp: true,
        credentials: async () => undefined,
        retry: { maxAttempts: 4, minDelayMs: 1, maxDelayMs: 2 },
      });
      expect(res.digest).toBe(mine.digest);
      expect(readdirSync(outDir)).toContain('plugin.wasm');
      ok++;
    } catch (error) {
      expect(isHpluginError(error), `pull ${run} threw a raw ${String(error)}`).toBe(true);
      // Nothing was written: the target folder is absent or holds no file.
      expect(readdirSync(root).includes(`pulled-${run}`) ? readdirSync(outDir) : []).toEqual([]);
      failed++;
    }
  }
  console.log(`[reliability] pull-back under download faults: ${ok} verified, ${failed} clean failures`);
  expect(ok + failed).toBe(12);
});
