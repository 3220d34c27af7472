import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeRegistry, type FakeRegistry, type FakeRegistryOptions } from '../__fixtures__/fake-registry.js';
import { reset } from '../__fixtures__/fake-server.js';
import { bytesBlob, type BlobSource } from '../blob-source.js';
import { RegistryClient, type RegistryClientOptions } from './client.js';
import { uploadBlob, withDigest } from './upload.js';

let registry: FakeRegistry | undefined;
afterEach(async () => registry?.close());

const fast = { maxAttempts: 5, minDelayMs: 1, maxDelayMs: 2 };
async function start(options: FakeRegistryOptions = {}, client: RegistryClientOptions = {}) {
  registry = await fakeRegistry(options);
  return new RegistryClient(registry.host, { credentials: async () => undefined, retry: fast, ...client });
}
const calls = (r: FakeRegistry) =>
  r.requests.map((q) => `${q.method} ${new URL(q.path, 'http://x').pathname.replace(/[0-9a-f-]{36}/, '<id>')}`);
// Without openRange: chunk bodies come from slicing the whole stream.
const streamOnly = (b: BlobSource): BlobSource => ({ descriptor: b.descriptor, open: b.open });

describe('withDigest', () => {
  it.each([
    ['http://r/v2/a/blobs/uploads/1?_state=abc%3D%3D', 'http://r/v2/a/blobs/uploads/1?_state=abc%3D%3D&digest=sha256%3Aff'],
    ['http://r/v2/a/blobs/uploads/1', 'http://r/v2/a/blobs/uploads/1?digest=sha256%3Aff'],
  ])('%s', (location, expected) => {
    expect(withDigest(new URL(location), 'sha256:ff').href).toBe(expected);
  });
});

describe('monolithic upload', () => {
  it.each([false, true])('absolute Location: %s — keeps the query, explicit length, octet-stream', async (absoluteLocations) => {
    const client = await start({ absoluteLocations });
    const blob = bytesBlob(randomBytes(5000), 'application/octet-stream');
    const seen: number[] = [];
    expect(await uploadBlob(client, 'team/app', blob, { onProgress: (n) => seen.push(n) })).toBe('uploaded');
    expect(registry!.blobs.get(blob.descriptor.digest)?.length).toBe(5000);
    expect(calls(registry!)).toEqual(['POST /v2/team/app/blobs/uploads/', 'PUT /v2/team/app/blobs/uploads/<id>']);
    const put = registry!.requests[1]!;
    expect(put.path).toMatch(/\?_state=[^&]+&digest=sha256%3A[0-9a-f]{64}$/);
    expect(put.headers['content-type']).toBe('application/octet-stream');
    expect(put.headers['content-length']).toBe('5000');
    expect(put.headers['transfer-encoding']).toBeUndefined();
    expect(seen.at(-1)).toBe(5000);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });
});

describe('restarting a broken session', () => {
  it('starts a new session when the registry forgot the upload', async () => {
    let puts = 0;
    const client = await start({
      hook: (req, res) =>
        req.method === 'PUT' && ++puts === 1
          ? (res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"code":"BLOB_UPLOAD_UNKNOWN"}]}'), true)
          : false,
    });
    const blob = bytesBlob('restart me', 'text/plain');
    expect(await uploadBlob(client, 'a', blob)).toBe('uploaded');
    expect(calls(registry!)).toEqual([
      'POST /v2/a/blobs/uploads/',
      'PUT /v2/a/blobs/uploads/<id>',
      'POST /v2/a/blobs/uploads/',
      'PUT /v2/a/blobs/uploads/<id>',
    ]);
  });

  it('does not restart on a digest mismatch', async () => {
    const client = await start();
    const blob = bytesBlob('content', 'text/plain');
    const lying = { ...blob, descriptor: { ...blob.descriptor, digest: `sha256:${'1'.repeat(64)}` } };
    await expect(uploadBlob(client, 'a', lying)).rejects.toMatchObject({ code: 'REGISTRY_DIGEST_MISMATCH' });
    expect(registry!.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });
});

describe('chunked upload', () => {
  it('PATCHes inclusive ranges, always to the newest Location, then PUTs the digest', async () => {
    const client = await start({}, { chunkThreshold: 100, chunkSize: 400 });
    const blob = streamOnly(bytesBlob(randomBytes(1000), 'application/octet-stream'));
    await uploadBlob(client, 'a', blob);
    expect(registry!.blobs.get(blob.descriptor.digest)?.length).toBe(1000);
    const patches = registry!.requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((p) => p.headers['content-range'])).toEqual(['0-399', '400-799', '800-999']);
    // Each request went to the Location the previous answer gave (a new _state every time).
    const states = registry!.requests.slice(1).map((r) => new URL(r.path, 'http://x').searchParams.get('_state'));
    expect(new Set(states).size).toBe(states.length);
  });

  it('resumes from the registry Range after a 416', async () => {
    let patches = 0;
    const client = await start(
      {
        hook: (req, res, reg) => {
          if (req.method !== 'PATCH' || ++patches !== 2) return false;
          // The registry kept 150 bytes of this chunk, then refused it.
          const id = new URL(req.path, 'http://x').pathname.split('/').pop()!;
          reg.uploads.set(id, Buffer.concat([reg.uploads.get(id)!, req.body.subarray(0, 150)]));
          res.writeHead(416, { 'content-length': 0 }).end();
          return true;
        },
      },
      { chunkThreshold: 100, chunkSize: 400 },
    );
    const blob = bytesBlob(randomBytes(1000), 'application/octet-stream');
    await uploadBlob(client, 'a', blob);
    expect(registry!.blobs.get(blob.descriptor.digest)?.length).toBe(1000);
    expect(calls(registry!)).toContain('GET /v2/a/blobs/uploads/<id>');
    expect(registry!.requests.filter((r) => r.method === 'PATCH').map((p) => p.headers['content-range'])).toEqual([
      '0-399',
      '400-799',
      '550-949',
      '950-999',
    ]);
  });

  it('resumes after the connection is reset in the middle of a chunk', async () => {
    let patches = 0;
    const client = await start(
      {
        hook: (req, res, reg) => {
          if (req.method !== 'PATCH' || ++patches !== 2) return false;
          const id = new URL(req.path, 'http://x').pathname.split('/').pop()!;
          reg.uploads.set(id, Buffer.concat([reg.uploads.get(id)!, req.body.subarray(0, 99)]));
          reset(res);
          return true;
        },
      },
      { chunkThreshold: 100, chunkSize: 400 },
    );
    const blob = streamOnly(bytesBlob(randomBytes(1000), 'application/octet-stream'));
    await uploadBlob(client, 'a', blob);
    expect(registry!.blobs.get(blob.descriptor.digest)?.length).toBe(1000);
    const ranges = registry!.requests.filter((r) => r.method === 'PATCH').map((p) => p.headers['content-range']);
    expect(ranges).toContain('499-898');
  });

  it('gives up with REGISTRY_UPLOAD_FAILED when every chunk is refused', async () => {
    const client = await start(
      { hook: (req, res) => (req.method === 'PATCH' ? (res.writeHead(416, { 'content-length': 0 }).end(), true) : false) },
      { chunkThreshold: 1, chunkSize: 10 },
    );
    await expect(uploadBlob(client, 'a', bytesBlob('x'.repeat(20), 'text/plain'))).rejects.toMatchObject({
      code: 'REGISTRY_UPLOAD_FAILED',
    });
  });
});

describe('cross-repository mount', () => {
  const existing = bytesBlob('already in another repo', 'text/plain');
  it.each([
    { mount: 'accept' as const, outcome: 'mounted', expected: ['POST /v2/b/blobs/uploads/'] },
    { mount: 'session' as const, outcome: 'uploaded', expected: ['POST /v2/b/blobs/uploads/', 'PUT /v2/b/blobs/uploads/<id>'] },
    {
      mount: 'unauthorized' as const,
      outcome: 'uploaded',
      expected: ['POST /v2/b/blobs/uploads/', 'POST /v2/b/blobs/uploads/', 'PUT /v2/b/blobs/uploads/<id>'],
    },
  ])('registry answers mount with $mount → $outcome', async ({ mount, outcome, expected }) => {
    const client = await start({ mount });
    registry!.blobs.set(existing.descriptor.digest, Buffer.from('already in another repo'));
    expect(await uploadBlob(client, 'b', existing, { mountFrom: 'a' })).toBe(outcome);
    expect(calls(registry!)).toEqual(expected);
    expect(new URL(registry!.requests[0]!.path, 'http://x').searchParams.get('from')).toBe('a');
  });
});
