/**
 * kill -9 in the middle of `hplugin publish`, then the same command again: the rerun succeeds, and
 * at no point is there a tag that points at missing content (tags are written last). The kill
 * comes once the registry has seen blob traffic: held at the manifest PUT, held between two blob
 * uploads, and as soon as the first upload starts.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROUTES, startFaultProxy, startRegistry, type FaultPlan, type FaultProxy, type RegistryHandle } from '../harness/index.js';
import { hplugin } from '../support/cli.js';
import { copyPlugin, expectOk, isolatedEnv, removeTempDirs, scaffoldPlugin, tempDir } from './support/fixture.js';
import { danglingTags, tagDigest } from './support/registry-state.js';
import { startCli, waitFor } from './support/spawn.js';
import { checkLayout } from './support/layout-check.js';
import { join } from 'node:path';

let root: string;
let env: NodeJS.ProcessEnv;
let plugin: string;
let digest: string;
let registry: RegistryHandle;
let proxy: FaultProxy;
const repositories: string[] = [];

beforeAll(async () => {
  root = tempDir('kill-publish');
  env = isolatedEnv(root);
  plugin = await scaffoldPlugin(root, 'killed', env);
  const res = await hplugin(['package', '--json'], { cwd: plugin, env });
  expectOk(res, 'hplugin package');
  digest = res.json().package.manifestDigest;
  registry = await startRegistry({});
  proxy = await startFaultProxy({ target: registry });
});

afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
  removeTempDirs();
});

const uploads = (): number =>
  proxy.stats.log.filter((r) => ROUTES.uploadStart.path.test(r.path) || ROUTES.uploadFinish.path.test(r.path)).length;

it.each<[string, FaultPlan, () => boolean]>([
  [
    'held at the manifest PUT, every blob uploaded',
    { rules: [{ ...ROUTES.manifestPut, fault: { type: 'stall', ms: 60_000 } }] },
    () => proxy.stats.byType.stall > 0,
  ],
  [
    'held at the second blob upload',
    { rules: [{ ...ROUTES.uploadFinish, fault: { type: 'stall', ms: 60_000 }, skip: 1 }] },
    () => proxy.stats.byType.stall > 0,
  ],
  ['as soon as the first upload starts', { rules: [] }, () => uploads() > 0],
])('kill -9 %s, then rerun: no tag until the rerun, and then the local digest', async (name, plan, ready) => {
  const repository = `kill/${name.split(' ')[0]}-${repositories.length}`;
  repositories.push(repository);
  const dir = copyPlugin(plugin, join(root, `copy-${repositories.length}`));
  const args = ['publish', '--registry', proxy.host, '--repository', repository, '--plain-http', '--tag', '0.1.0', '--tag', 'latest'];
  proxy.setPlan(plan);
  proxy.resetStats();
  const running = startCli(args, { cwd: dir, env });
  expect(
    await waitFor(ready, running),
    `the publish finished before the kill point:\n${(await Promise.race([running.done, Promise.resolve(undefined)]))?.stderr ?? ''}`,
  ).toBe(true);
  running.killHard();
  const killed = await running.done;
  expect(killed.signal).toBe('SIGKILL');
  expect(proxy.stats.log.some((r) => ROUTES.uploadStart.path.test(r.path))).toBe(true);

  // Asked directly: neither tag exists, and nothing the registry holds dangles.
  expect(await tagDigest(registry, repository, '0.1.0')).toBeUndefined();
  expect(await tagDigest(registry, repository, 'latest')).toBeUndefined();
  expect((await danglingTags(registry, [repository])).dangling).toEqual([]);
  expect(checkLayout(join(dir, 'dist', 'oci')).problems).toEqual([]);

  proxy.setPlan({ rules: [] });
  const rerun = await hplugin([...args, '--json'], { cwd: dir, env });
  expectOk(rerun, 'the publish after the kill');
  expect(rerun.json().digest).toBe(digest);
  expect(await tagDigest(registry, repository, '0.1.0')).toBe(digest);
  expect(await tagDigest(registry, repository, 'latest')).toBe(digest);
  const { tags, dangling } = await danglingTags(registry, [repository]);
  expect(tags).toBe(2);
  expect(dangling).toEqual([]);
});
