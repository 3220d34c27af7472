/**
 * The library against the real docker-registry 2.8 (referrers by the tag schema) and through the
 * harness's referrers-API front: attaching is idempotent in both modes, listing filters by
 * artifact type, a fallback tag that is not an index is refused, and verification says why each
 * signature layer did not count.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MEDIA_TYPE,
  RegistryClient,
  bytesBlob,
  credentialFromStore,
  pushArtifact,
  staticStore,
  type Descriptor,
  type ImageManifest,
} from '@hplugin/oci';
import { startReferrersProxy, startRegistry, type ReferrersProxy, type RegistryHandle } from '../../../test/harness/index.js';
import { signManifest, signatureTag, verifyManifest } from './cosign.js';
import { attachReferrer, listReferrers, referrersTag } from './referrers.js';
import { generateKeyPair } from './keys.js';
import { SBOM_MEDIA_TYPE } from './sbom.js';
import { attachSbom, signReference } from './index.js';

let registry: RegistryHandle;
let api: ReferrersProxy;
beforeAll(async () => {
  registry = await startRegistry();
  api = await startReferrersProxy({ target: registry });
});
afterAll(async () => {
  await api?.stop();
  await registry?.stop();
});

/** Push a one-layer image under `tag` and return its descriptor. */
async function pushSubject(client: RegistryClient, repository: string, tag: string, content: string): Promise<Descriptor> {
  const layer = bytesBlob(content, 'application/octet-stream');
  const config = bytesBlob('{}', 'application/vnd.oci.image.config.v1+json');
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPE.imageManifest,
    config: config.descriptor,
    layers: [layer.descriptor],
  };
  const bytes = Buffer.from(JSON.stringify(manifest));
  const pushed = await pushArtifact({
    client,
    reference: { registry: client.registry, repository, tag },
    manifest: { bytes, mediaType: MEDIA_TYPE.imageManifest },
    blobs: [config, layer],
  });
  return { mediaType: MEDIA_TYPE.imageManifest, digest: pushed.digest, size: pushed.size };
}

const sbomLayer = (text: string) => bytesBlob(text, 'application/spdx+json', { 'org.opencontainers.image.title': 'sbom.spdx.json' });

describe.each([
  { name: 'docker-registry 2.8 (tag schema)', mode: 'tag-schema' as const, host: () => registry.host },
  { name: 'the referrers API', mode: 'api' as const, host: () => api.host },
])('referrers on $name', ({ mode, host }) => {
  it('attaches once, lists by artifact type, and leaves the subject untouched', async () => {
    const client = new RegistryClient(host());
    try {
      const repo = `refs/${mode}`;
      const subject = await pushSubject(client, repo, 'v1', `subject ${mode}`);
      const first = await attachReferrer({
        client,
        repository: repo,
        subject,
        artifactType: 'application/spdx+json',
        layers: [sbomLayer('{"a":1}')],
      });
      expect(first).toMatchObject({ mode, added: true });
      expect(first.tag).toBe(mode === 'tag-schema' ? referrersTag(subject.digest) : undefined);
      expect(
        await attachReferrer({ client, repository: repo, subject, artifactType: 'application/spdx+json', layers: [sbomLayer('{"a":1}')] }),
      ).toMatchObject({ digest: first.digest, added: false });
      const other = await attachReferrer({
        client,
        repository: repo,
        subject,
        artifactType: 'application/vnd.example+json',
        layers: [bytesBlob('x', 'application/vnd.example+json')],
      });

      const all = await listReferrers(client, repo, subject.digest);
      expect(all.mode).toBe(mode);
      expect(all.manifests.map((d) => d.digest).sort()).toEqual([first.digest, other.digest].sort());
      expect((await listReferrers(client, repo, subject.digest, 'application/spdx+json')).manifests.map((d) => d.digest)).toEqual([
        first.digest,
      ]);
      // The subject's tag still names the same manifest.
      expect((await client.listTags(repo)).includes('v1')).toBe(true);
    } finally {
      await client.close();
    }
  });
});

describe('hostile or broken content', () => {
  it('refuses a sha256-<hex> tag that holds something other than an index', async () => {
    const client = new RegistryClient(registry.host);
    try {
      const subject = await pushSubject(client, 'refs/squatted', 'v1', 'squatted');
      await pushSubject(client, 'refs/squatted', referrersTag(subject.digest), 'not an index');
      await expect(
        attachReferrer({ client, repository: 'refs/squatted', subject, artifactType: 'application/spdx+json', layers: [sbomLayer('{}')] }),
      ).rejects.toMatchObject({ code: 'REFERRERS_TAG_INVALID' });
    } finally {
      await client.close();
    }
  });

  it('reports why each signature layer does not count', async () => {
    const client = new RegistryClient(registry.host);
    try {
      const subject = await pushSubject(client, 'sigs/mixed', 'v1', 'signed');
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      await signManifest({ client, repository: 'sigs/mixed', digest: subject.digest, privateKey: stranger.privateKey });
      await expect(
        verifyManifest({ client, repository: 'sigs/mixed', digest: subject.digest, publicKey, what: 'sigs/mixed:v1' }),
      ).rejects.toMatchObject({
        code: 'SIGNATURE_INVALID',
        details: { rejected: [expect.objectContaining({ reason: 'the signature does not match the key' })] },
      });

      await signManifest({ client, repository: 'sigs/mixed', digest: subject.digest, privateKey });
      const ok = await verifyManifest({ client, repository: 'sigs/mixed', digest: subject.digest, publicKey, what: 'sigs/mixed:v1' });
      expect(ok.verified).toHaveLength(1);
      expect(ok.rejected).toHaveLength(1);
      expect(ok.tag).toBe(signatureTag(subject.digest));
      expect(ok.verified[0]!.payload.critical.identity['docker-reference']).toBe(`${registry.host}/sigs/mixed`);

      // A "signature" layer of another media type or without the annotation is skipped, not trusted.
      await pushSubject(client, 'sigs/bogus', signatureTag(subject.digest), 'no annotation');
      await expect(
        verifyManifest({ client, repository: 'sigs/bogus', digest: subject.digest, publicKey, what: 'bogus' }),
      ).rejects.toMatchObject({
        code: 'SIGNATURE_INVALID',
        details: { rejected: [expect.objectContaining({ reason: 'not a signature layer (application/octet-stream)' })] },
      });
    } finally {
      await client.close();
    }
  });
});

describe('publish --sbom --sign on one connection', () => {
  it('attachSbom and signReference on a shared client fetch each registry token once, and leave the client open', async () => {
    const tokenRegistry = await startRegistry({ auth: 'token' });
    const dir = await mkdtemp(join(tmpdir(), 'hplugin-shared-client-'));
    const options = {
      credentials: credentialFromStore(
        staticStore({ username: tokenRegistry.username!, password: tokenRegistry.password! }, tokenRegistry.host),
      ),
    };
    const publisher = new RegistryClient(tokenRegistry.host, options);
    const subject = await pushSubject(publisher, 'shared/plugin', 'v1', 'shared').finally(() => publisher.close());
    const client = new RegistryClient(tokenRegistry.host, options);
    try {
      const reference = `${tokenRegistry.host}/shared/plugin@${subject.digest}`;
      const { privateKeyPath } = await generateKeyPair(join(dir, 'cosign'));
      tokenRegistry.issuer!.resetStats();
      const sbom = {
        format: 'spdx' as const,
        mediaType: SBOM_MEDIA_TYPE.spdx,
        fileName: 'sbom.spdx.json',
        bytes: Buffer.from('{}'),
        components: 0,
      };
      await attachSbom({ client, reference, sbom });
      await signReference({ client, reference, keyPath: privateKeyPath });
      // A pull token for resolving the reference, a pull,push one for the writes: 2 in all (4 when each step had its own client).
      expect(tokenRegistry.issuer!.stats.issued).toBe(2);
      expect(await client.listTags('shared/plugin')).toContain(signatureTag(subject.digest));
    } finally {
      await client.close();
      await tokenRegistry.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
