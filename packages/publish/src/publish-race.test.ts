/**
 * Issue 17, item 9: two publishes of different content to one tag both succeed at the registry; the
 * loser must not report success with a digest the tag does not hold. An in-process registry plays
 * the race: it accepts our manifest PUT, then serves another publisher's manifest under the tag.
 */
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEDIA_TYPE, sha256Digest } from '@hplugin/oci';
import { smallLayout } from './__fixtures__/small-layout.js';
import { fakeRegistry, type FakeRegistry } from '../../oci/src/__fixtures__/fake-registry.js';
import { publishLayout } from './publish.js';

let root: string;
let layoutDir: string;
let digest: string;
beforeAll(async () => {
  ({ root, layoutDir, digest } = await smallLayout('hplugin-publish-race-', '# ours\n'));
});
afterAll(async () => rm(root, { recursive: true, force: true }));

const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

async function racingRegistry(): Promise<FakeRegistry> {
  const theirs = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPE.imageManifest,
      config: { mediaType: 'x', digest: sha256Digest('theirs'), size: 6 },
      layers: [],
    }),
  );
  return fakeRegistry({
    hook: (req, res, reg) => {
      if (req.method !== 'PUT' || !req.path.endsWith('/manifests/1.0.0')) return false;
      // Ours is accepted (and stays reachable by digest); the other publisher's PUT lands right after.
      reg.manifests.set(`plugins/race:${sha(req.body)}`, { body: req.body, type: MEDIA_TYPE.imageManifest });
      reg.manifests.set('plugins/race:1.0.0', { body: theirs, type: MEDIA_TYPE.imageManifest });
      res.writeHead(201, { 'docker-content-digest': sha(req.body), 'content-length': 0 }).end();
      return true;
    },
  });
}

describe('publish reads the tag back', () => {
  it('fails with PUBLISH_TAG_RACE when another publish wins the tag, naming both digests', async () => {
    const registry = await racingRegistry();
    try {
      const err = await publishLayout({
        layoutDir,
        sourceTag: '1.0.0',
        registry: registry.host,
        repository: 'plugins/race',
        tags: ['1.0.0'],
        checkedDigest: digest,
        credentials: async () => undefined,
      }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'PUBLISH_TAG_RACE', details: { tag: '1.0.0', digest } });
      expect((err as Error).message).toContain(digest);
    } finally {
      await registry.close();
    }
  });

  it('reports success when the tag holds our digest afterwards', async () => {
    const registry = await fakeRegistry();
    try {
      const result = await publishLayout({
        layoutDir,
        sourceTag: '1.0.0',
        registry: registry.host,
        repository: 'plugins/race',
        tags: ['1.0.0', 'latest'],
        checkedDigest: digest,
        credentials: async () => undefined,
      });
      expect(result).toMatchObject({ status: 'pushed', digest });
      // Read back: one HEAD per tag after the manifest PUTs.
      const lastPut = registry.requests.map((r) => r.method).lastIndexOf('PUT');
      expect(registry.requests.slice(lastPut + 1).map((r) => `${r.method} ${r.path}`)).toEqual([
        'HEAD /v2/plugins/race/manifests/1.0.0',
        'HEAD /v2/plugins/race/manifests/latest',
      ]);
    } finally {
      await registry.close();
    }
  });
});
