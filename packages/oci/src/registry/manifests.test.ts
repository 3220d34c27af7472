import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeRegistry, type FakeRegistry, type FakeRegistryOptions } from '../__fixtures__/fake-registry.js';
import { fakeServer, json, type FakeServer } from '../__fixtures__/fake-server.js';
import { MANIFEST_ACCEPT, MEDIA_TYPE, sha256Digest } from '../spec.js';
import { blobExists, downloadBlob, fetchBlob } from './blobs.js';
import { RegistryClient } from './client.js';
import { fetchManifest, headManifest, putManifest } from './manifests.js';

const servers: Array<FakeServer | FakeRegistry> = [];
afterEach(async () => Promise.all(servers.splice(0).map((s) => s.close())));
let dir: string;
beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'hplugin-oci-blobs-'))));
afterAll(async () => rm(dir, { recursive: true, force: true }));

const opts = { credentials: async () => undefined, retry: { maxAttempts: 1 } };
async function registryWith(options: FakeRegistryOptions = {}) {
  const r = await fakeRegistry(options);
  servers.push(r);
  return { r, client: new RegistryClient(r.host, opts) };
}
/** A server that answers every request with the same canned response. */
async function canned(status: number, body: string | Buffer, headers: Record<string, string> = {}) {
  const s = await fakeServer((_req, res) => res.writeHead(status, { 'content-length': Buffer.byteLength(body), ...headers }).end(body));
  servers.push(s);
  return { s, client: new RegistryClient(s.host, opts) };
}

const manifest = Buffer.from(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: MEDIA_TYPE.imageManifest,
    config: { mediaType: MEDIA_TYPE.ociEmpty, digest: sha256Digest('{}'), size: 2 },
    layers: [],
  }),
);

describe('manifests', () => {
  it('PUT sends the mediaType as Content-Type; GET sends the Accept list and verifies', async () => {
    const { r, client } = await registryWith();
    r.blobs.set(sha256Digest('{}'), Buffer.from('{}'));
    expect(await putManifest(client, 'a', 'v1', manifest, MEDIA_TYPE.imageManifest)).toBe(sha256Digest(manifest));
    expect(r.requests[0]!.headers['content-type']).toBe(MEDIA_TYPE.imageManifest);
    const got = await fetchManifest(client, 'a', 'v1');
    expect(r.requests[1]!.headers.accept).toBe(MANIFEST_ACCEPT);
    expect(got.descriptor).toEqual({ mediaType: MEDIA_TYPE.imageManifest, digest: sha256Digest(manifest), size: manifest.length });
    expect(await headManifest(client, 'a', 'v1')).toEqual(got.descriptor);
    expect(await headManifest(client, 'a', 'v2')).toBeUndefined();
  });

  it('refuses a PUT whose reference digest does not match the bytes', async () => {
    const { client } = await registryWith();
    await expect(putManifest(client, 'a', sha256Digest('other'), manifest, MEDIA_TYPE.imageManifest)).rejects.toMatchObject({
      code: 'REGISTRY_DIGEST_MISMATCH',
    });
  });

  it.each([
    {
      name: 'registry stored another digest',
      status: 201,
      body: '',
      headers: { 'docker-content-digest': sha256Digest('x') },
      code: 'REGISTRY_DIGEST_MISMATCH',
    },
    {
      name: 'MANIFEST_BLOB_UNKNOWN',
      status: 400,
      body: JSON.stringify({ errors: [{ code: 'MANIFEST_BLOB_UNKNOWN' }] }),
      headers: {} as Record<string, string>,
      code: 'REGISTRY_BLOB_UNKNOWN',
    },
    {
      name: 'MANIFEST_INVALID',
      status: 400,
      body: JSON.stringify({ errors: [{ code: 'MANIFEST_INVALID' }] }),
      headers: {},
      code: 'REGISTRY_MANIFEST_INVALID',
    },
  ])('PUT: $name → $code', async ({ status, body, headers, code }) => {
    const { client } = await canned(status, body, headers);
    await expect(putManifest(client, 'a', 'v1', manifest, MEDIA_TYPE.imageManifest)).rejects.toMatchObject({ code });
  });

  it.each([
    {
      name: 'wrong digest by reference',
      ref: sha256Digest('nope'),
      body: manifest,
      headers: {} as Record<string, string>,
      code: 'REGISTRY_DIGEST_MISMATCH',
    },
    {
      name: 'wrong Docker-Content-Digest',
      ref: 'v1',
      body: manifest,
      headers: { 'docker-content-digest': sha256Digest('nope') },
      code: 'REGISTRY_DIGEST_MISMATCH',
    },
    {
      name: 'HTML page with 200',
      ref: 'v1',
      body: Buffer.from('<html>sign in</html>'),
      headers: { 'content-type': 'text/html' },
      code: 'REGISTRY_BAD_RESPONSE',
    },
    { name: 'malformed JSON', ref: 'v1', body: Buffer.from('{"schemaVersion":'), headers: {}, code: 'REGISTRY_BAD_RESPONSE' },
  ])('GET: $name → $code', async ({ ref, body, headers, code }) => {
    const { client } = await canned(200, body, headers);
    await expect(fetchManifest(client, 'a', ref)).rejects.toMatchObject({ code });
  });

  it('GET: an HTML error page is REGISTRY_BAD_RESPONSE naming the HTML', async () => {
    const { client } = await canned(400, '<html><body>Proxy error</body></html>', { 'content-type': 'text/html' });
    await expect(fetchManifest(client, 'a', 'v1')).rejects.toMatchObject({
      code: 'REGISTRY_BAD_RESPONSE',
      message: expect.stringContaining('HTML'),
    });
  });

  it.each([
    { name: 'a null layer', doc: { schemaVersion: 2, layers: [null] }, why: 'layer 0 is not an object' },
    {
      name: 'a config digest that is a path',
      doc: { schemaVersion: 2, config: { mediaType: 'x', digest: 'sha256:../../x', size: 2 }, layers: [] },
      why: 'config has the digest',
    },
    {
      name: 'an index child of size -1',
      doc: { schemaVersion: 2, manifests: [{ mediaType: MEDIA_TYPE.imageManifest, digest: sha256Digest('x'), size: -1 }] },
      why: 'child manifest 0 has the size -1',
    },
  ])('GET: $name is REGISTRY_MANIFEST_MALFORMED, for every reader', async ({ doc, why }) => {
    const { client } = await canned(200, JSON.stringify(doc));
    await expect(fetchManifest(client, 'a', 'v1')).rejects.toMatchObject({
      code: 'REGISTRY_MANIFEST_MALFORMED',
      message: expect.stringContaining(`the manifest ${why}`),
    });
  });

  it('GET: checks the size of an expected descriptor', async () => {
    const { client } = await canned(200, manifest);
    await expect(
      fetchManifest(client, 'a', 'v1', { mediaType: MEDIA_TYPE.imageManifest, digest: sha256Digest(manifest), size: manifest.length + 1 }),
    ).rejects.toMatchObject({
      code: 'REGISTRY_DIGEST_MISMATCH',
    });
  });
});

describe('blobs', () => {
  const data = Buffer.from('blob content '.repeat(1000));
  const good = { mediaType: 'application/octet-stream', digest: sha256Digest(data), size: data.length };

  it('HEAD: present, absent, and errors', async () => {
    const { r, client } = await registryWith();
    r.blobs.set(good.digest, data);
    expect(await blobExists(client, 'a', good)).toBe(true);
    expect(await blobExists(client, 'a', { ...good, digest: sha256Digest('other') })).toBe(false);
    const { client: denied } = await canned(403, '');
    await expect(blobExists(denied, 'a', good)).rejects.toMatchObject({ code: 'REGISTRY_DENIED' });
  });

  it('GET streams verified content into a file', async () => {
    const { r, client } = await registryWith();
    r.blobs.set(good.digest, data);
    const path = join(dir, 'ok', 'blob');
    await downloadBlob(client, 'a', good, path);
    const { readFile } = await import('node:fs/promises');
    expect((await readFile(path)).equals(data)).toBe(true);
  });

  it.each([
    { name: 'wrong digest', serve: Buffer.from(data).fill(65, 0, 1), expected: 'the blob digest' },
    { name: 'too short', serve: data.subarray(0, 100), expected: 'the blob size' },
    { name: 'too long', serve: Buffer.concat([data, Buffer.from('extra')]), expected: 'the blob size' },
  ])('GET with $name: error, and nothing is kept', async ({ serve, expected }) => {
    const { r, client } = await registryWith();
    r.blobs.set(good.digest, serve);
    const target = join(dir, 'bad', sha256Digest(expected + serve.length));
    await expect(downloadBlob(client, 'a', good, target)).rejects.toMatchObject({
      code: 'REGISTRY_DIGEST_MISMATCH',
      message: expect.stringContaining(expected),
    });
    expect(await readdir(join(dir, 'bad'))).toEqual([]);
  });

  it('GET of a missing blob is REGISTRY_BLOB_UNKNOWN', async () => {
    const { client } = await registryWith();
    await expect(fetchBlob(client, 'a', good)).rejects.toMatchObject({ code: 'REGISTRY_BLOB_UNKNOWN' });
  });

  it('lists tags across Link pages', async () => {
    const s = await fakeServer((req, res) =>
      req.path.includes('last=')
        ? json(res, 200, { tags: ['c'] })
        : json(res, 200, { tags: ['a', 'b'] }, { link: '</v2/x/tags/list?n=2&last=b>; rel="next"' }),
    );
    servers.push(s);
    expect(await new RegistryClient(s.host, opts).listTags('x')).toEqual(['a', 'b', 'c']);
  });
});
