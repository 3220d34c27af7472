/**
 * Hostile manifests through the real parse edges: fetchManifest over HTTP (a canned server),
 * pullArtifact on what it fetched, and the manifest a caller asks pushArtifact to push. Each bad
 * shape is a typed error naming the manifest's digest, never a TypeError in a reader.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fakeServer, rejectionOf, type FakeServer } from './__fixtures__/fake-server.js';
import { pullArtifact } from './pull.js';
import { referencedDescriptors } from './push.js';
import { RegistryClient } from './registry/client.js';
import { asImageIndex, asImageManifest, parseManifestDocument } from './manifest-document.js';
import { fetchManifest } from './registry/manifests.js';
import { MEDIA_TYPE, sha256Digest } from './spec.js';

const servers: FakeServer[] = [];
afterEach(async () => Promise.all(servers.splice(0).map((s) => s.close())));

/** A registry that serves `body` as every manifest. */
async function serving(body: string): Promise<RegistryClient> {
  const s = await fakeServer((_req, res) =>
    res.writeHead(200, { 'content-length': Buffer.byteLength(body), 'content-type': MEDIA_TYPE.imageManifest }).end(body),
  );
  servers.push(s);
  return new RegistryClient(s.host, { credentials: async () => undefined, retry: { maxAttempts: 1 } });
}

const layer = { mediaType: MEDIA_TYPE.ociLayerTarGzip, digest: sha256Digest('layer'), size: 5 };
const config = { mediaType: MEDIA_TYPE.ociEmpty, digest: sha256Digest('{}'), size: 2 };
const image = (fields: Record<string, unknown>) =>
  JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPE.imageManifest, config, layers: [layer], ...fields });

describe('a hostile manifest from a registry is REGISTRY_MANIFEST_MALFORMED naming its digest', () => {
  it.each([
    ['JSON but a string', '"a manifest"', 'is not a JSON object'],
    ['JSON but an array', '[{"schemaVersion":2}]', 'is not a JSON object'],
    ['JSON but null', 'null', 'is not a JSON object'],
    ['layers that are a string', image({ layers: 'plugin.tar.gz' }), 'has layers "plugin.tar.gz", not an array'],
    ['layers that are an object', image({ layers: { 0: layer } }), 'has layers {"0":'],
    ['a layer without a digest', image({ layers: [{ mediaType: MEDIA_TYPE.ociLayerTarGzip, size: 5 }] }), 'layer 0 has the digest'],
    ['a layer whose size is a string', image({ layers: [{ ...layer, size: '5' }] }), 'layer 0 has the size "5"'],
    ['a layer with a numeric mediaType', image({ layers: [{ ...layer, mediaType: 7 }] }), 'layer 0 has no mediaType string'],
    ['a mediaType that is an object', image({ mediaType: { type: 'oci' } }), 'has the mediaType {"type":"oci"}, not a string'],
    ['a schemaVersion that is a string', image({ schemaVersion: '2' }), 'has the schemaVersion "2", not a number'],
    [
      'an index child whose platform is a string',
      JSON.stringify({ schemaVersion: 2, manifests: [{ ...layer, mediaType: MEDIA_TYPE.imageManifest, platform: 'linux/amd64' }] }),
      'child manifest 0 has the platform "linux/amd64", not an object',
    ],
    [
      'a subject without a size',
      image({ subject: { mediaType: MEDIA_TYPE.imageManifest, digest: sha256Digest('s') } }),
      'subject has the size undefined',
    ],
  ])('%s', async (_name, body, why) => {
    const client = await serving(body);
    const err = await rejectionOf(fetchManifest(client, 'team/app', 'v1'));
    expect(err).toMatchObject({ code: 'REGISTRY_MANIFEST_MALFORMED', exitCode: 1, details: { digest: sha256Digest(body) } });
    expect(err.message).toContain(`the manifest ${why}`);
    expect(err.message).toContain(sha256Digest(body));
    await client.close();
  });

  it('a huge, odd mediaType is carried as it came (the gateway reads it), and quoted cut short in a message', async () => {
    const odd = `application/${'x'.repeat(1024 * 1024)};odd=1 ünïcode`;
    const client = await serving(image({ mediaType: odd, layers: [{ ...layer, mediaType: odd }] }));
    const fetched = await fetchManifest(client, 'team/app', 'v1');
    expect(fetched.descriptor.mediaType).toBe(odd);
    expect(fetched.manifest.layers![0]!.mediaType).toBe(odd);
    await client.close();

    const bad = await serving(image({ layers: [{ mediaType: odd, digest: odd, size: 5 }] }));
    const err = await rejectionOf(fetchManifest(bad, 'team/app', 'v1'));
    expect(err).toMatchObject({ code: 'REGISTRY_MANIFEST_MALFORMED' });
    expect(err.message.length).toBeLessThan(1000);
    await bad.close();
  });

  it('unknown fields are carried along; `null` lists are absent, as the fetcher reads them', async () => {
    const client = await serving(
      image({ 'x-vendor': { build: 7 }, layers: [{ ...layer, urls: ['https://mirror.example/l'] }], subject: null }),
    );
    const { manifest } = await fetchManifest(client, 'team/app', 'v1');
    expect(manifest['x-vendor']).toEqual({ build: 7 });
    expect(manifest.layers![0]).toEqual({ ...layer, urls: ['https://mirror.example/l'] });
    expect(manifest.subject).toBeUndefined();
    await client.close();
  });

  it('pull refuses an image without layers (null) or an index, naming the digest, before downloading', async () => {
    for (const [body, why] of [
      [image({ layers: null }), 'has no layers array'],
      [JSON.stringify({ schemaVersion: 2, manifests: [] }), 'is an index of other manifests'],
      [image({ schemaVersion: 1 }), 'has schemaVersion 1, not 2'],
    ] as const) {
      const client = await serving(body);
      const err = await rejectionOf(pullArtifact({ reference: `${client.registry}/team/app:v1`, client }));
      expect(err).toMatchObject({ code: 'REGISTRY_MANIFEST_MALFORMED', details: { digest: sha256Digest(body) } });
      expect(err.message).toContain(why);
      await client.close();
    }
  });
});

describe('the manifest a caller pushes is parsed as a registry would parse it', () => {
  it('refuses bytes that are not JSON (MANIFEST_NOT_JSON) and a bad shape (MANIFEST_INVALID), naming the digest', () => {
    const notJson = Buffer.from('{"schemaVersion":');
    expect(() => referencedDescriptors(notJson)).toThrow(
      expect.objectContaining({ code: 'MANIFEST_NOT_JSON', exitCode: 2, details: { digest: sha256Digest(notJson) } }),
    );
    const bad = Buffer.from(image({ layers: [{ size: 1 }] }));
    expect(() => referencedDescriptors(bad)).toThrow(
      expect.objectContaining({ code: 'MANIFEST_INVALID', message: expect.stringContaining('layer 0 has no mediaType string') }),
    );
    expect(referencedDescriptors(Buffer.from(image({})))).toEqual({ blobs: [config, layer], manifests: [] });
  });
});

describe('narrowing a parsed document', () => {
  const parse = (text: string) => {
    const parsed = parseManifestDocument(text);
    if (parsed.problem !== undefined) throw new Error(parsed.problem);
    return parsed.document;
  };

  it('asImageManifest needs schemaVersion 2, a config and a layers list, and no manifests list', () => {
    expect(asImageManifest(parse(image({})))).toMatchObject({ schemaVersion: 2, config, layers: [layer] });
    expect(asImageManifest(parse(image({ schemaVersion: 1 })))).toBeUndefined();
    expect(asImageManifest(parse(image({ layers: null })))).toBeUndefined();
    expect(asImageManifest(parse(image({ manifests: [] })))).toBeUndefined();
    expect(asImageManifest(parse(JSON.stringify({ schemaVersion: 2, layers: [] })))).toBeUndefined();
  });

  it('asImageIndex needs schemaVersion 2 and a manifests list', () => {
    const child = {
      mediaType: MEDIA_TYPE.imageManifest,
      digest: sha256Digest('child'),
      size: 9,
      platform: { os: 'linux', architecture: 'amd64' },
    };
    expect(asImageIndex(parse(JSON.stringify({ schemaVersion: 2, manifests: [child] })))).toEqual({ schemaVersion: 2, manifests: [child] });
    expect(asImageIndex(parse(JSON.stringify({ schemaVersion: 2 })))).toBeUndefined();
    expect(asImageIndex(parse(JSON.stringify({ schemaVersion: 3, manifests: [] })))).toBeUndefined();
  });

  it('a platform without os or architecture reads as empty strings, as the fetcher reads it (never linux/amd64)', () => {
    const doc = parse(
      JSON.stringify({
        schemaVersion: 2,
        manifests: [{ mediaType: MEDIA_TYPE.imageManifest, digest: sha256Digest('c'), size: 1, platform: { variant: 'v8' } }],
      }),
    );
    expect(doc.manifests![0]!.platform).toEqual({ os: '', architecture: '', variant: 'v8' });
  });
});
