/**
 * Proves the referrers proxy with oras as the client: through it, `oras attach` gets the referrers
 * API path (no `sha256-<hex>` fallback tag appears in the real registry), and `oras discover`
 * lists the attachment, filtered by artifact type; the same attach straight to docker-registry 2.8
 * falls back to the tag schema.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, runPeer, startReferrersProxy, startRegistry, type ReferrersProxy, type RegistryHandle } from './index.js';

let registry: RegistryHandle;
let proxy: ReferrersProxy;
let work: string;

beforeAll(async () => {
  registry = await startRegistry();
  proxy = await startReferrersProxy({ target: registry });
  work = await mkdtemp(join(tmpdir(), 'hplugin-referrers-proxy-'));
  await writeFile(join(work, 'a.txt'), 'subject\n');
  await writeFile(join(work, 'sbom.json'), '{"sbom":true}\n');
});
afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
  await rm(work, { recursive: true, force: true });
});

async function oras(args: string[]): Promise<string> {
  const res = await runPeer('oras', args, { cwd: work });
  expect(res.code, `oras ${args.join(' ')}\n${res.stderr}`).toBe(0);
  return res.stdout;
}

async function tags(repository: string): Promise<string[]> {
  return (await request(`${registry.url}/v2/${repository}/tags/list`)).json<{ tags: string[] }>().tags.sort();
}

describe('the referrers proxy', () => {
  it('serves the referrers API to oras, over the real registry, with no fallback tag', async () => {
    await oras(['push', '--plain-http', `${proxy.host}/demo/api:v1`, 'a.txt']);
    await oras(['attach', '--plain-http', '--artifact-type', 'application/spdx+json', `${proxy.host}/demo/api:v1`, 'sbom.json']);
    expect(proxy.stats.subjectPuts).toBe(1);
    expect(await tags('demo/api')).toEqual(['v1']);

    const discovered = JSON.parse(await oras(['discover', '--plain-http', '--format', 'json', `${proxy.host}/demo/api:v1`]));
    expect(discovered.referrers.map((r: { artifactType: string }) => r.artifactType)).toEqual(['application/spdx+json']);
    const filtered = JSON.parse(
      await oras(['discover', '--plain-http', '--format', 'json', '--artifact-type', 'application/other', `${proxy.host}/demo/api:v1`]),
    );
    expect(filtered.referrers ?? []).toEqual([]);
    expect(proxy.stats.referrersQueries).toBeGreaterThanOrEqual(2);
  });

  it('leaves the registry itself without the API: oras falls back to the sha256-<hex> tag there', async () => {
    await oras(['push', '--plain-http', `${registry.host}/demo/plain:v1`, 'a.txt']);
    await oras(['attach', '--plain-http', '--artifact-type', 'application/spdx+json', `${registry.host}/demo/plain:v1`, 'sbom.json']);
    expect((await tags('demo/plain')).filter((t) => t.startsWith('sha256-'))).toHaveLength(1);
  });
});
