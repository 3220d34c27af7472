/**
 * A bearer token that expires in the middle of a push (token registry; the fault proxy holds a
 * request past the token's lifetime, so the registry itself refuses it with invalid_token). The
 * client must fetch a fresh token, replay the request, and finish with the right digest.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { credentialFromStore, staticStore } from '@hplugin/oci';
import { publishLayout } from '@hplugin/publish';
import { ROUTES, startFaultProxy, startRegistry, type FaultProxy, type RegistryHandle } from '../harness/index.js';
import { hplugin } from '../support/cli.js';
import { expectOk, isolatedEnv, removeTempDirs, scaffoldPlugin, tempDir } from './support/fixture.js';
import { basicAuth } from '../harness/index.js';
import { tagDigest } from './support/registry-state.js';

// The client renews 5 s before expiry, so a 6 s token is reused for about 1 s: long enough to be
// sent with the stalled request, short enough for the stall to outlive it.
const LIFETIME_S = 6;
const STALL_MS = LIFETIME_S * 1000 + 1_500;

let root: string;
let layoutDir: string;
let digest: string;
let registry: RegistryHandle;
let proxy: FaultProxy;

beforeAll(async () => {
  root = tempDir('token');
  const env = isolatedEnv(root);
  const dir = await scaffoldPlugin(root, 'expiring', env);
  const res = await hplugin(['package', '--json'], { cwd: dir, env });
  expectOk(res, 'hplugin package');
  ({ layoutDir, manifestDigest: digest } = res.json().package);
  registry = await startRegistry({ auth: 'token' });
  registry.issuer!.setExpiresIn(LIFETIME_S);
  proxy = await startFaultProxy({ target: registry });
});

afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
  removeTempDirs();
});

it.each([
  ['a blob upload', ROUTES.uploadFinish],
  ['the manifest PUT', ROUTES.manifestPut],
])('a token that expires during %s is renewed and the push completes', async (_name, route) => {
  const repository = `token/${route === ROUTES.manifestPut ? 'manifest' : 'blob'}`;
  proxy.setPlan({ rules: [{ ...route, fault: { type: 'stall', ms: STALL_MS }, times: 1 }] });
  proxy.resetStats();
  registry.issuer!.resetStats();
  const result = await publishLayout({
    layoutDir: join(layoutDir),
    sourceTag: '0.1.0',
    registry: proxy.host,
    repository,
    tags: ['0.1.0'],
    plainHttp: true,
    credentials: credentialFromStore(staticStore({ username: registry.username!, password: registry.password! }, proxy.host)),
    retry: { minDelayMs: 1, maxDelayMs: 4 },
  });
  expect(result.digest).toBe(digest);
  expect(proxy.stats.byType.stall).toBe(1);
  // One token for the push, one more after the registry refused the expired one.
  expect(registry.issuer!.stats.issued).toBeGreaterThanOrEqual(2);
  // The stalled request was sent twice: once with the expired token, once with the new one.
  expect(proxy.stats.log.filter((r) => r.method === route.method && route.path.test(r.path)).length).toBeGreaterThanOrEqual(2);
  const direct = { url: registry.url, authorization: basicAuth(registry.username!, registry.password!) };
  expect(direct.authorization).toBeTruthy();
  // Asked directly: the tag exists with the local digest (a token for the HEAD comes from the issuer).
  const token = await fetchPullToken(repository);
  expect(await tagDigest({ url: registry.url, authorization: `Bearer ${token}` }, repository, '0.1.0')).toBe(digest);
});

async function fetchPullToken(repository: string): Promise<string> {
  const { request } = await import('../harness/index.js');
  const realm = new URL(registry.issuer!.realm);
  realm.searchParams.set('service', registry.issuer!.service);
  realm.searchParams.set('scope', `repository:${repository}:pull`);
  const res = await request(realm.toString(), { headers: { authorization: basicAuth(registry.username!, registry.password!) } });
  return res.json<{ token: string }>().token;
}
