/**
 * The client against the real Debian docker-registry (distribution 2.8), started by the shared
 * harness: plain http, htpasswd Basic over TLS, and token auth; plus oras reading what we push.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTool, orasFlags, startFaultProxy, startRegistry, ROUTES, type RegistryHandle } from '../../../test/harness/index.js';
import { rejectionOf } from './__fixtures__/fake-server.js';
import { bytesBlob, fileBlob, type BlobSource } from './blob-source.js';
import { credentialFromStore, staticStore } from './credentials/store.js';
import { dockerConfigStore } from './credentials/docker-config-store.js';
import { login } from './login.js';
import { pullArtifact } from './pull.js';
import { pushArtifact } from './push.js';
import { RegistryClient } from './registry/client.js';
import { MEDIA_TYPE, digestHex, sha256Digest } from './spec.js';

const run = promisify(execFile);
let dir: string;
beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'hplugin-oci-it-'))));
afterAll(async () => rm(dir, { recursive: true, force: true }));

function artifact(layers: BlobSource[]) {
  const config = bytesBlob('{"name":"hello"}', 'application/vnd.oci.image.config.v1+json');
  const bytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPE.imageManifest,
      config: config.descriptor,
      layers: layers.map((l) => l.descriptor),
    }),
  );
  return { blobs: [config, ...layers], manifest: { bytes, mediaType: MEDIA_TYPE.imageManifest } };
}
const layer = (text: string, title: string) => bytesBlob(text, MEDIA_TYPE.ociLayerTarGzip, { 'org.opencontainers.image.title': title });
const none = async () => undefined;

describe('plain registry', () => {
  let reg: RegistryHandle;
  beforeAll(async () => (reg = await startRegistry({ auth: 'none' })));
  afterAll(async () => reg?.stop());

  it('pushes, re-pushes 0 bytes, and oras reads the result', async () => {
    const a = artifact([layer('plugin bytes '.repeat(500), 'plugin.tar.gz')]);
    const first = await pushArtifact({ reference: `${reg.host}/plugins/hello:1.0.0`, ...a, tags: ['latest'], credentials: none });
    expect(first.pushed).toHaveLength(2);
    expect(first.bytesUploaded).toBeGreaterThan(0);
    const again = await pushArtifact({ reference: `${reg.host}/plugins/hello:1.0.0`, ...a, tags: ['latest'], credentials: none });
    expect(again).toMatchObject({ digest: first.digest, pushed: [], bytesUploaded: 0 });
    expect(again.skipped).toHaveLength(2);

    const { stdout } = await run(findTool('oras'), [
      'manifest',
      'fetch',
      '--plain-http',
      '--descriptor',
      `${reg.host}/plugins/hello:latest`,
    ]);
    expect(JSON.parse(stdout)).toMatchObject({ digest: first.digest, size: first.size, mediaType: MEDIA_TYPE.imageManifest });
    const client = new RegistryClient(reg.host, { credentials: none });
    expect((await client.listTags('plugins/hello')).sort()).toEqual(['1.0.0', 'latest']);
    await client.close();
  });

  it('chunked push of a file blob, then a verified pull into a blobs folder', async () => {
    const path = join(dir, 'big.bin');
    await writeFile(path, randomBytes(3 * 1024 * 1024 + 17));
    const big = await fileBlob(path, 'application/octet-stream', { 'org.opencontainers.image.title': 'big.bin' });
    const a = artifact([big]);
    const pushed = await pushArtifact({
      reference: `${reg.host}/plugins/big:1`,
      ...a,
      credentials: none,
      chunkThreshold: 1024 * 1024,
      chunkSize: 1024 * 1024,
    });
    expect(pushed.bytesUploaded).toBe(big.descriptor.size + a.blobs[0]!.descriptor.size);
    const pulled = await pullArtifact({ reference: `${reg.host}/plugins/big:1`, blobDir: join(dir, 'pulled', 'blobs'), credentials: none });
    expect(pulled.descriptor.digest).toBe(pushed.digest);
    const copy = await readFile(join(dir, 'pulled', 'blobs', 'sha256', digestHex(big.descriptor.digest)));
    expect(sha256Digest(copy)).toBe(big.descriptor.digest);
  });

  it('mounts blobs from another repository instead of uploading them', async () => {
    const a = artifact([layer('shared layer '.repeat(300), 'shared.tar.gz')]);
    await pushArtifact({ reference: `${reg.host}/team/source:1`, ...a, credentials: none });
    const mounted = await pushArtifact({ reference: `${reg.host}/team/target:1`, ...a, credentials: none, mountFrom: 'team/source' });
    expect(mounted.mounted).toHaveLength(2);
    expect(mounted.bytesUploaded).toBe(0);
  });

  it('pulls what oras pushed', async () => {
    const file = join(dir, 'from-oras.txt');
    await writeFile(file, 'pushed by oras\n');
    await run(findTool('oras'), ['push', '--plain-http', `${reg.host}/peers/oras:1`, 'from-oras.txt:text/plain'], { cwd: dir });
    const pulled = await pullArtifact({ reference: `${reg.host}/peers/oras:1`, blobDir: join(dir, 'oras-pull'), credentials: none });
    const text = pulled.blobs.find((b) => b.descriptor.mediaType === 'text/plain')!;
    expect(await readFile(text.path!, 'utf8')).toBe('pushed by oras\n');
  });

  it('survives 503s with Retry-After and resets through the fault proxy', async () => {
    const proxy = await startFaultProxy({
      target: reg,
      plan: {
        rules: [
          { ...ROUTES.blobHead, fault: { type: 'status', status: 503, retryAfter: 0 }, times: 2 },
          { ...ROUTES.uploadFinish, fault: { type: 'reset', on: 'request', after: 1000 }, times: 1 },
          { ...ROUTES.manifestPut, fault: { type: 'status', status: 429, retryAfter: 0 }, times: 1 },
        ],
      },
    });
    try {
      const a = artifact([layer('x'.repeat(50_000), 'x.tar.gz')]);
      const pushed = await pushArtifact({
        reference: `${proxy.host}/faults/app:1`,
        ...a,
        credentials: none,
        retry: { minDelayMs: 5, maxDelayMs: 20 },
      });
      expect(proxy.stats.byType).toMatchObject({ status: 3, reset: 1 });
      const pulled = await pullArtifact({ reference: `${reg.host}/faults/app:1`, credentials: none });
      expect(pulled.descriptor.digest).toBe(pushed.digest);
    } finally {
      await proxy.stop();
    }
  });
});

describe('htpasswd Basic over TLS', () => {
  let reg: RegistryHandle;
  beforeAll(async () => (reg = await startRegistry({ auth: 'htpasswd', tls: true })));
  afterAll(async () => reg?.stop());
  const creds = () => credentialFromStore(staticStore({ username: reg.username!, password: reg.password! }, reg.host));

  it('pushes with the CA file, and with insecure', async () => {
    const a = artifact([layer('tls layer', 'tls.tar.gz')]);
    const viaCa = await pushArtifact({
      reference: `${reg.host}/secure/app:1`,
      ...a,
      plainHttp: false,
      caFile: reg.caFile!,
      credentials: creds(),
    });
    expect(viaCa.pushed).toHaveLength(2);
    const viaInsecure = await pushArtifact({
      reference: `${reg.host}/secure/app:2`,
      ...a,
      plainHttp: false,
      insecure: true,
      credentials: creds(),
    });
    expect(viaInsecure.skipped).toHaveLength(2);
  });

  it('a file blob sent through the reused buffers, whole and in chunks, is what oras pulls back', async () => {
    const path = join(dir, 'ring.bin');
    // Several times the ring (4 × 256 KiB), not a multiple of a buffer.
    await writeFile(path, randomBytes(5 * 1024 * 1024 + 333));
    const blob = await fileBlob(path, 'application/octet-stream', { 'org.opencontainers.image.title': 'ring.bin' });
    expect(blob.path).toBe(path);
    for (const [tag, chunking] of [
      ['whole', {}],
      ['chunked', { chunkThreshold: 1024 * 1024, chunkSize: 2 * 1024 * 1024 }],
    ] as const) {
      const pushed = await pushArtifact({
        reference: `${reg.host}/secure/ring-${tag}:1`,
        ...artifact([blob]),
        plainHttp: false,
        caFile: reg.caFile!,
        credentials: creds(),
        ...chunking,
      });
      expect(pushed.pushed).toHaveLength(2);
      const out = join(dir, `oras-ring-${tag}`);
      await run(findTool('oras'), ['pull', ...orasFlags(reg), '-o', out, `${reg.host}/secure/ring-${tag}:1`]);
      expect((await readFile(join(out, 'ring.bin'))).equals(await readFile(path))).toBe(true);
    }
  });

  it('explains an untrusted certificate, a plain-http attempt, and wrong credentials', async () => {
    const a = artifact([layer('tls layer', 'tls.tar.gz')]);
    const target = { reference: `${reg.host}/secure/app:3`, ...a, retry: { maxAttempts: 1 } };
    await expect(pushArtifact({ ...target, plainHttp: false, credentials: creds() })).rejects.toMatchObject({ code: 'REGISTRY_TLS' });
    await expect(pushArtifact({ ...target, credentials: creds() })).rejects.toMatchObject({ code: 'REGISTRY_BAD_RESPONSE' });
    const wrong = credentialFromStore(staticStore({ username: reg.username!, password: 'not-the-password' }, reg.host));
    const err = await rejectionOf(pushArtifact({ ...target, plainHttp: false, caFile: reg.caFile!, credentials: wrong }));
    expect(err).toMatchObject({
      code: 'REGISTRY_UNAUTHORIZED',
      hint: expect.stringContaining(`refused the credentials sent for ${reg.host}`),
      details: expect.objectContaining({ credentials: 'refused' }),
    });
    expect(err.message).not.toContain('not-the-password');
  });

  it('login verifies and stores; a push then finds the credentials in config.json', async () => {
    const configDir = join(dir, 'docker');
    await expect(
      login(reg.host, {
        username: reg.username!,
        password: 'nope',
        plainHttp: false,
        caFile: reg.caFile!,
        configPath: join(configDir, 'config.json'),
      }),
    ).rejects.toMatchObject({
      code: 'REGISTRY_UNAUTHORIZED',
    });
    await login(reg.host, {
      username: reg.username!,
      password: reg.password!,
      plainHttp: false,
      caFile: reg.caFile!,
      configPath: join(configDir, 'config.json'),
    });
    const a = artifact([layer('after login', 'l.tar.gz')]);
    const pushed = await pushArtifact({
      reference: `${reg.host}/secure/login:1`,
      ...a,
      plainHttp: false,
      caFile: reg.caFile!,
      credentials: credentialFromStore(dockerConfigStore({ env: { DOCKER_CONFIG: configDir } })),
    });
    expect(pushed.pushed).toHaveLength(2);
  });
});

describe('token auth', () => {
  let reg: RegistryHandle;
  beforeAll(async () => (reg = await startRegistry({ auth: 'token', token: { anonymous: 'pull', oauth2: true } })));
  afterAll(async () => reg?.stop());

  it('pushes with Basic credentials at the token server, reusing tokens across the push', async () => {
    reg.issuer!.resetStats();
    const a = artifact([layer('one', '1.tar.gz'), layer('two', '2.tar.gz'), layer('three', '3.tar.gz')]);
    const pushed = await pushArtifact({
      reference: `${reg.host}/tok/app:1`,
      ...a,
      tags: ['latest'],
      credentials: credentialFromStore(staticStore({ username: reg.username!, password: reg.password! }, reg.host)),
    });
    expect(pushed.pushed).toHaveLength(4);
    // One token for the repository's pull,push scope, not one per request or per parallel upload.
    expect(reg.issuer!.stats.issued).toBe(1);
    const anon = await pullArtifact({ reference: `${reg.host}/tok/app:latest`, credentials: none });
    expect(anon.descriptor.digest).toBe(pushed.digest);
  });

  it('a pull-only user cannot push', async () => {
    const a = artifact([layer('denied', 'd.tar.gz')]);
    const reader = credentialFromStore(staticStore({ username: reg.readOnly!.username, password: reg.readOnly!.password }, reg.host));
    await expect(
      pushArtifact({ reference: `${reg.host}/tok/denied:1`, ...a, credentials: reader, retry: { maxAttempts: 1 } }),
    ).rejects.toMatchObject({
      code: expect.stringMatching(/REGISTRY_(UNAUTHORIZED|DENIED)/),
    });
  });

  it('an identity token goes through the OAuth2 POST', async () => {
    const basic = Buffer.from(`${reg.username}:${reg.password}`).toString('base64');
    const res = await fetch(`${reg.issuer!.realm}?service=${reg.issuer!.service}&offline_token=true`, {
      headers: { authorization: `Basic ${basic}` },
    });
    const { refresh_token } = (await res.json()) as { refresh_token: string };
    reg.issuer!.resetStats();
    const a = artifact([layer('oauth', 'o.tar.gz')]);
    await pushArtifact({
      reference: `${reg.host}/tok/oauth:1`,
      ...a,
      credentials: credentialFromStore(staticStore({ identityToken: refresh_token }, reg.host)),
    });
    expect(reg.issuer!.log.every((r) => r.method === 'POST' && r.grantType === 'refresh_token' && r.status === 200)).toBe(true);
    expect(reg.issuer!.stats.post).toBeGreaterThan(0);
  });
});
