/**
 * Issue 17: a hostile registry, token server or network must not reach the user's files or
 * credentials. Each case is one in-process server on loopback, written to attack one defence.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTlsFiles, type TlsFiles } from '../../../test/harness/pki.js';
import { fakeRegistry, type FakeRegistry } from './__fixtures__/fake-registry.js';
import { fakeServer, json, rejectionOf, type FakeServer } from './__fixtures__/fake-server.js';
import { bytesBlob } from './blob-source.js';
import { credentialFromStore, staticStore } from './credentials/store.js';
import { pullArtifact } from './pull.js';
import { pushArtifact } from './push.js';
import { RegistryClient } from './registry/client.js';
import { fetchManifest } from './registry/manifests.js';
import { fetchBlob } from './registry/blobs.js';
import { uploadBlob } from './registry/upload.js';
import { MEDIA_TYPE, sha256Digest, type Descriptor } from './spec.js';

const servers: Array<FakeServer | FakeRegistry> = [];
afterEach(async () => Promise.all(servers.splice(0).map((s) => s.close())));
let dir: string;
beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'hplugin-oci-hostile-'))));
afterAll(async () => rm(dir, { recursive: true, force: true }));

const PASSWORD = 'hostile-test-pw-1';
const anonymous = { credentials: async () => undefined, retry: { maxAttempts: 1 } };
const track = <T extends FakeServer>(s: T): T => (servers.push(s), s);

/** A registry that serves one manifest (as given, bytes or object) under `repo:1`, and records everything. */
async function serving(manifest: unknown, extra?: (path: string, res: import('node:http').ServerResponse) => boolean) {
  const body = Buffer.isBuffer(manifest) ? manifest : Buffer.from(JSON.stringify(manifest));
  return track(
    await fakeServer((req, res) => {
      if (extra?.(req.path, res)) return;
      if (req.path === '/v2/repo/manifests/1')
        return void res.writeHead(200, { 'content-type': MEDIA_TYPE.imageManifest, 'content-length': body.length }).end(body);
      json(res, 404, { errors: [{ code: 'BLOB_UNKNOWN' }] });
    }),
  );
}

const layer = (digest: unknown, size: unknown = 3) => ({ mediaType: 'application/octet-stream', digest, size });
const image = (layers: unknown[]) => ({
  schemaVersion: 2,
  mediaType: MEDIA_TYPE.imageManifest,
  config: layer(sha256Digest('{}'), 2),
  layers,
});

describe('digests from a pulled manifest are validated before any use (item 2)', () => {
  it.each([
    ['sha256:../../escape', 'a path that climbs out of the blob folder'],
    ['sha256:../../../../../../dev/zero', 'a device that reads forever'],
    [`sha512:${'a'.repeat(128)}`, 'an algorithm hplugin does not write'],
    [`sha256:${'A'.repeat(64)}`, 'upper-case hex'],
  ])('refuses a layer digest of %s (%s) with REGISTRY_MANIFEST_MALFORMED, creating nothing', async (digest) => {
    const registry = await serving(image([layer(digest)]));
    const blobDir = join(dir, `blobs-${Math.random().toString(36).slice(2)}`);
    const err = await rejectionOf(pullArtifact({ reference: `${registry.host}/repo:1`, blobDir, ...anonymous }));
    expect(err.code).toBe('REGISTRY_MANIFEST_MALFORMED');
    expect(existsSync(blobDir)).toBe(false);
    expect(existsSync(join(dir, 'escape'))).toBe(false);
    // Nothing was asked for beyond the manifest.
    expect(registry.requests.map((r) => r.path)).toEqual(['/v2/repo/manifests/1']);
  });

  it.each([
    ['a negative size', image([layer(sha256Digest('x'), -1)])],
    ['a size of 1e300', image([layer(sha256Digest('x'), 1e300)])],
    ['a layer that is a string', image(['sha256:abc'])],
    ['layers that are not an array', { ...image([]), layers: 'all of them' }],
    ['no schemaVersion', { mediaType: MEDIA_TYPE.imageManifest, layers: [] }],
    ['JSON null', null],
    ['a JSON array', [1, 2, 3]],
  ])('refuses a manifest with %s as REGISTRY_MANIFEST_MALFORMED (item 10)', async (_name, manifest) => {
    const registry = await serving(manifest);
    const err = await rejectionOf(pullArtifact({ reference: `${registry.host}/repo:1`, blobDir: join(dir, 'unused'), ...anonymous }));
    expect(err.code).toBe('REGISTRY_MANIFEST_MALFORMED');
  });
});

describe('the same check wherever a digest becomes a URL', () => {
  it('fetchBlob refuses a path-like digest before any request (DIGEST_INVALID)', async () => {
    const registry = await serving(image([]));
    const client = new RegistryClient(registry.host, anonymous);
    await expect(fetchBlob(client, 'repo', layer('sha256:../../manifests/1') as Descriptor)).rejects.toMatchObject({
      code: 'DIGEST_INVALID',
    });
    expect(registry.requests).toEqual([]);
  });
});

describe('sizes and bodies are bounded (item 6)', () => {
  it('refuses a layer that declares more than the blob limit before downloading it (REGISTRY_BLOB_TOO_LARGE)', async () => {
    const registry = await serving(image([layer(sha256Digest('x'), 300 * 1024 * 1024)]));
    const err = await rejectionOf(pullArtifact({ reference: `${registry.host}/repo:1`, blobDir: join(dir, 'big'), ...anonymous }));
    expect(err.code).toBe('REGISTRY_BLOB_TOO_LARGE');
    expect(err.hint).toMatch(/maxBlobBytes/);
    expect(registry.requests.some((r) => r.path.includes('/blobs/'))).toBe(false);
  });

  it('stops a blob that sends more bytes than it declares, and keeps none of them on disk', async () => {
    const content = Buffer.from('abc');
    const registry = await serving(image([layer(sha256Digest(content), 3)]), (path, res) => {
      if (!path.includes('/blobs/')) return false;
      // Declares nothing, sends 5 MiB: the download must stop at the descriptor's 3 bytes.
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.alloc(5 * 1024 * 1024, 1));
      return true;
    });
    const blobDir = join(dir, 'overflow');
    const err = await rejectionOf(pullArtifact({ reference: `${registry.host}/repo:1`, blobDir, ...anonymous }));
    expect(err.code).toBe('REGISTRY_DIGEST_MISMATCH');
    const written = existsSync(join(blobDir, 'sha256')) ? await readdir(join(blobDir, 'sha256')) : [];
    expect(written).toEqual([]);
  });

  it('refuses a token answer larger than 1 MiB (REGISTRY_BAD_RESPONSE), without holding more', async () => {
    const server = track(
      await fakeServer((req, res, self) => {
        if (req.path.startsWith('/token')) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"token":"');
          // 4 MiB of token: more than the limit, far less than a real attack, enough to prove the cut.
          for (let i = 0; i < 64; i++) res.write('a'.repeat(64 * 1024));
          return void res.end('"}');
        }
        json(res, 401, { errors: [{ code: 'UNAUTHORIZED' }] }, { 'www-authenticate': `Bearer realm="${self.url}/token",service="x"` });
      }),
    );
    const client = new RegistryClient(server.host, anonymous);
    const err = await rejectionOf(client.ping());
    expect(err.code).toBe('REGISTRY_BAD_RESPONSE');
    expect(err.message).toMatch(/token answer is larger than 1048576 bytes/);
  });

  it('gives up on a registry that accepts the connection and never answers (REGISTRY_TIMEOUT)', async () => {
    const server = track(await fakeServer(() => new Promise(() => {})));
    const client = new RegistryClient(server.host, {
      ...anonymous,
      retry: { maxAttempts: 2, minDelayMs: 1, maxDelayMs: 2 },
      timeoutMs: 300,
    });
    const err = await rejectionOf(client.ping());
    expect(err.code).toBe('REGISTRY_TIMEOUT');
    expect(err.hint).toMatch(/timeoutMs/);
    expect(server.requests.length).toBe(2);
    await client.close();
  });
});

describe('cut-short answers and bad hosts get codes of their own (item 10)', () => {
  it('a manifest body cut off in the middle is REGISTRY_RESPONSE_TRUNCATED', async () => {
    const body = Buffer.from(JSON.stringify(image([])));
    const server = track(
      await fakeServer((_req, res) => {
        res.writeHead(200, { 'content-type': MEDIA_TYPE.imageManifest, 'content-length': body.length });
        res.write(body.subarray(0, 20));
        // Let the first bytes leave before the connection dies.
        setTimeout(() => res.socket?.destroy(), 20);
      }),
    );
    const err = await rejectionOf(fetchManifest(new RegistryClient(server.host, anonymous), 'repo', '1'));
    expect(err.code).toBe('REGISTRY_RESPONSE_TRUNCATED');
  });

  it('a registry port of 99999 is REF_INVALID, before any connection', () => {
    expect(() => new RegistryClient('127.0.0.1:99999', anonymous)).toThrow(
      expect.objectContaining({ code: 'REF_INVALID', message: expect.stringMatching(/port 99999/) }),
    );
  });
});

describe('credentials stay with the registry they belong to (item 4)', () => {
  it('a blob redirect to a host that asks for Bearer credentials on its own realm gets none', async () => {
    const basic = `Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`;
    const cdn = track(
      await fakeServer((req, res, self) => {
        if (req.path.startsWith('/token')) return json(res, 200, { token: 'stolen' });
        json(res, 401, { errors: [{ code: 'UNAUTHORIZED' }] }, { 'www-authenticate': `Bearer realm="${self.url}/token",service="cdn"` });
      }),
    );
    const registry = track(
      await fakeServer((req, res) => {
        if (req.headers.authorization !== basic)
          return json(res, 401, { errors: [{ code: 'UNAUTHORIZED' }] }, { 'www-authenticate': 'Basic realm="registry"' });
        if (req.path === '/v2/') return json(res, 200, {});
        res.writeHead(307, { location: `${cdn.url}/blob` }).end();
      }),
    );
    const client = new RegistryClient(registry.host, {
      credentials: credentialFromStore(staticStore({ username: 'alice', password: PASSWORD }, registry.host)),
      retry: { maxAttempts: 1 },
    });
    // The first exchange settles on Basic; the next request carries it from the start and is redirected.
    await client.ping();
    const err = await rejectionOf(client.listTags('repo'));
    expect(err.code).toBe('REGISTRY_UNAUTHORIZED');
    // The registry got the password (it asked); the CDN got no Authorization and no token request.
    expect(registry.requests.some((r) => r.headers.authorization === basic)).toBe(true);
    expect(cdn.requests.map((r) => r.headers.authorization)).toEqual([undefined]);
    expect(cdn.requests.some((r) => r.path.startsWith('/token'))).toBe(false);
  });

  it('fixed credentials are not handed to a client for another registry', async () => {
    const other = track(
      await fakeServer((_req, res) =>
        json(res, 401, { errors: [{ code: 'UNAUTHORIZED' }] }, { 'www-authenticate': 'Basic realm="other"' }),
      ),
    );
    const client = new RegistryClient(other.host, {
      credentials: credentialFromStore(staticStore({ username: 'alice', password: PASSWORD }, 'registry.example:5000')),
      retry: { maxAttempts: 1 },
    });
    expect((await rejectionOf(client.ping())).code).toBe('REGISTRY_UNAUTHORIZED');
    expect(other.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
  });
});

describe('an https registry cannot send the upload to plain http (item 5)', () => {
  let tls: TlsFiles;
  beforeAll(async () => (tls = await createTlsFiles(await mkdtemp(join(tmpdir(), 'hplugin-oci-hostile-tls-')))));

  it('refuses an upload Location on http://another-host with REGISTRY_REDIRECT_REFUSED; the http host receives nothing', async () => {
    const sink = track(await fakeServer((_req, res) => void res.writeHead(201, { 'content-length': 0 }).end()));
    const registry = track(
      await fakeServer(
        (req, res) => {
          if (req.method === 'POST') return void res.writeHead(202, { location: `${sink.url}/upload/1`, 'content-length': 0 }).end();
          json(res, 404, {});
        },
        { cert: readFileSync(tls.certFile, 'utf8'), key: readFileSync(tls.keyFile, 'utf8') },
      ),
    );
    const client = new RegistryClient(registry.host, { ...anonymous, plainHttp: false, caFile: tls.caFile });
    const err = await rejectionOf(uploadBlob(client, 'repo', bytesBlob('secret plugin bytes', 'application/octet-stream')));
    expect(err.code).toBe('REGISTRY_REDIRECT_REFUSED');
    expect(sink.requests).toEqual([]);
    await client.close();
  });
});

describe('a push is only what the registry holds afterwards', () => {
  it('pushes and pulls back through the fake registry (the hostile cases above are not false alarms)', async () => {
    const registry = track(await fakeRegistry());
    const config = bytesBlob('{}', 'application/vnd.oci.image.config.v1+json');
    const doc = bytesBlob('# hi\n', 'text/markdown');
    const manifest = Buffer.from(
      JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPE.imageManifest, config: config.descriptor, layers: [doc.descriptor] }),
    );
    await pushArtifact({
      reference: `${registry.host}/repo:1`,
      manifest: { bytes: manifest, mediaType: MEDIA_TYPE.imageManifest },
      blobs: [config, doc],
      ...anonymous,
    });
    const pulled = await pullArtifact({ reference: `${registry.host}/repo:1`, blobDir: join(dir, 'good'), ...anonymous });
    expect(pulled.blobs.map((b) => b.descriptor.digest)).toEqual([config.descriptor.digest, doc.descriptor.digest]);
  });
});
