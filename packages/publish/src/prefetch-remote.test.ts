/**
 * prefetchRemote: the pipeline opens the registry connection and asks about the publish tags while
 * the package is still being made; publishLayout then reads those answers instead of asking again,
 * and judges them exactly as it judges fresh ones. An in-process registry counts the requests.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEDIA_TYPE } from '@hplugin/oci';
import { smallLayout } from './__fixtures__/small-layout.js';
import { fakeRegistry, type FakeRegistry } from '../../oci/src/__fixtures__/fake-registry.js';
import { prefetchRemote, publishLayout } from './publish.js';

let root: string;
let layoutDir: string;
let digest: string;
beforeAll(async () => {
  ({ root, layoutDir, digest } = await smallLayout('hplugin-prefetch-', '# prefetched\n'));
});
afterAll(async () => rm(root, { recursive: true, force: true }));

const tagHeads = (registry: FakeRegistry, tag: string) =>
  registry.requests.filter((q) => q.method === 'HEAD' && q.path.endsWith(`/manifests/${tag}`)).length;

function options(registry: FakeRegistry, tags: string[]) {
  return { registry: registry.host, repository: 'plugins/pre', tags, credentials: async () => undefined };
}

describe('prefetchRemote', () => {
  it('asks about each tag once, before the push; the push reads those answers and only reads the tags back after', async () => {
    const registry = await fakeRegistry();
    try {
      const remote = prefetchRemote(options(registry, ['1.0.0', 'latest']))!;
      await Promise.all(remote.tagHeads.values());
      // Asked, nothing written yet.
      expect(tagHeads(registry, '1.0.0')).toBe(1);
      expect(registry.requests.every((q) => q.method === 'HEAD')).toBe(true);
      const result = await publishLayout({
        ...options(registry, ['1.0.0', 'latest']),
        layoutDir,
        sourceTag: '1.0.0',
        checkedDigest: digest,
        remote,
      });
      expect(result).toMatchObject({ status: 'pushed', digest, tagStates: { '1.0.0': 'new', latest: 'new' } });
      // The one HEAD before the push, and the read-back after it.
      expect(tagHeads(registry, '1.0.0')).toBe(2);
      expect(tagHeads(registry, 'latest')).toBe(2);
      // The caller closes a prefetched client: publishLayout left it usable.
      await remote.client.close();
    } finally {
      await registry.close();
    }
  });

  it('judges a prefetched answer as a fresh one: a version tag at other content is refused before any upload', async () => {
    const registry = await fakeRegistry();
    try {
      const other = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPE.imageManifest, layers: [] }));
      registry.manifests.set('plugins/pre:1.0.0', { body: other, type: MEDIA_TYPE.imageManifest });
      const remote = prefetchRemote(options(registry, ['1.0.0']))!;
      const err = await publishLayout({
        ...options(registry, ['1.0.0']),
        layoutDir,
        sourceTag: '1.0.0',
        checkedDigest: digest,
        remote,
      }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'PUBLISH_TAG_IMMUTABLE' });
      expect(registry.requests.filter((q) => q.method !== 'HEAD')).toEqual([]);
      await remote.client.close();
    } finally {
      await registry.close();
    }
  });

  it('makes no request for names publishLayout would refuse, and leaves that error to it', async () => {
    const registry = await fakeRegistry();
    try {
      expect(prefetchRemote({ ...options(registry, ['1.0.0']), repository: 'Bad Name' })).toBeUndefined();
      expect(prefetchRemote(options(registry, ['not a tag']))).toBeUndefined();
      expect(registry.requests).toEqual([]);
    } finally {
      await registry.close();
    }
  });

  it('a failed prefetch is the error the push reports, and unread it crashes nothing', async () => {
    const registry = await fakeRegistry({
      hook: (req, res) => (req.method === 'HEAD' ? (res.writeHead(403).end(), true) : false),
    });
    try {
      const unread = prefetchRemote(options(registry, ['1.0.0']))!;
      const remote = prefetchRemote(options(registry, ['1.0.0']))!;
      await expect(
        publishLayout({
          ...options(registry, ['1.0.0']),
          layoutDir,
          sourceTag: '1.0.0',
          checkedDigest: digest,
          remote,
          retry: { maxAttempts: 1 },
        }),
      ).rejects.toMatchObject({ code: 'REGISTRY_DENIED' });
      await Promise.allSettled(unread.tagHeads.values());
      await Promise.all([unread.client.close(), remote.client.close()]);
    } finally {
      await registry.close();
    }
  });
});
