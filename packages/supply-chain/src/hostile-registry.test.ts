/**
 * Signature and referrer manifests are the registry's word, as a pulled manifest is: a `null`
 * layer or a path-shaped digest under a .sig or referrers tag is REGISTRY_MANIFEST_MALFORMED,
 * never a TypeError that surfaces as INTERNAL; a referrers API answer is bounded as a manifest is.
 * Served by the in-process fake registry.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MANIFEST_BYTES, MEDIA_TYPE, RegistryClient, sha256Digest } from '@hplugin/oci';
import { fakeRegistry, type FakeRegistry } from '../../oci/src/__fixtures__/fake-registry.js';
import { signatureTag, verifyManifest } from './cosign.js';
import { listReferrers, referrersTag } from './referrers.js';

/** What the fake registry answers on the referrers API (undefined: no API, as docker-registry). */
let referrersAnswer: ((res: ServerResponse) => void) | undefined;
let registry: FakeRegistry;
let client: RegistryClient;
beforeAll(async () => {
  registry = await fakeRegistry({
    hook: (req, res) => {
      if (!referrersAnswer || !req.path.includes('/referrers/')) return false;
      referrersAnswer(res);
      return true;
    },
  });
  client = new RegistryClient(registry.host, { credentials: async () => undefined, retry: { maxAttempts: 1 } });
});
afterAll(async () => {
  await client.close();
  await registry.close();
});

const subject = sha256Digest('the signed manifest');
const config = { mediaType: MEDIA_TYPE.ociEmpty, digest: sha256Digest('{}'), size: 2 };
const serve = (repository: string, tag: string, doc: object, type: string) =>
  registry.manifests.set(`${repository}:${tag}`, { body: Buffer.from(JSON.stringify(doc)), type });

describe('a hostile registry under the supply-chain tags', () => {
  it('a .sig manifest with a null layer: REGISTRY_MANIFEST_MALFORMED', async () => {
    serve(
      'evil/sig',
      signatureTag(subject),
      { schemaVersion: 2, mediaType: MEDIA_TYPE.imageManifest, config, layers: [null] },
      MEDIA_TYPE.imageManifest,
    );
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    await expect(verifyManifest({ client, repository: 'evil/sig', digest: subject, publicKey, what: 'evil/sig' })).rejects.toMatchObject({
      code: 'REGISTRY_MANIFEST_MALFORMED',
    });
  });

  it('a referrers API answer listing a null: REGISTRY_MANIFEST_MALFORMED', async () => {
    referrersAnswer = (res) =>
      res.writeHead(200, { 'content-type': MEDIA_TYPE.imageIndex }).end(JSON.stringify({ schemaVersion: 2, manifests: [null] }));
    try {
      await expect(listReferrers(client, 'evil/api', subject)).rejects.toMatchObject({ code: 'REGISTRY_MANIFEST_MALFORMED' });
    } finally {
      referrersAnswer = undefined;
    }
  });

  it('a referrers API answer larger than a manifest may be is refused unread (REGISTRY_BAD_RESPONSE)', async () => {
    const entry = JSON.stringify({ mediaType: MEDIA_TYPE.imageManifest, digest: sha256Digest('x'), size: 2 });
    const huge = `{"schemaVersion":2,"manifests":[${Array.from({ length: Math.ceil(MAX_MANIFEST_BYTES / entry.length) + 1 }, () => entry).join(',')}]}`;
    referrersAnswer = (res) => res.writeHead(200, { 'content-type': MEDIA_TYPE.imageIndex }).end(huge);
    try {
      await expect(listReferrers(client, 'evil/api', subject)).rejects.toMatchObject({
        code: 'REGISTRY_BAD_RESPONSE',
        message: expect.stringContaining('the referrers index is larger than'),
      });
    } finally {
      referrersAnswer = undefined;
    }
  });

  it('a referrers fallback index listing a path-shaped digest: REGISTRY_MANIFEST_MALFORMED', async () => {
    const entry = { mediaType: MEDIA_TYPE.imageManifest, digest: 'sha256:../../x', size: 2, artifactType: 'application/spdx+json' };
    serve(
      'evil/referrers',
      referrersTag(subject),
      { schemaVersion: 2, mediaType: MEDIA_TYPE.imageIndex, manifests: [entry] },
      MEDIA_TYPE.imageIndex,
    );
    await expect(listReferrers(client, 'evil/referrers', subject, 'application/spdx+json')).rejects.toMatchObject({
      code: 'REGISTRY_MANIFEST_MALFORMED',
    });
  });
});
