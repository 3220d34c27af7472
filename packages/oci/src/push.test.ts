import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentReporter, type Reporter } from '@hplugin/core';
import { fakeRegistry, type FakeRegistry, type FakeRegistryOptions } from './__fixtures__/fake-registry.js';
import { bytesBlob, type BlobSource } from './blob-source.js';
import { pullArtifact } from './pull.js';
import { pushArtifact, type PushArtifactOptions } from './push.js';
import { MEDIA_TYPE, digestHex } from './spec.js';

let registry: FakeRegistry | undefined;
afterEach(async () => registry?.close());

function artifact(layerCount = 2) {
  const config = bytesBlob('{"hplugin":true}', 'application/vnd.test.config+json');
  const layers = Array.from({ length: layerCount }, (_, i) =>
    bytesBlob(`layer ${i} `.repeat(100 + i), 'application/octet-stream', { 'org.opencontainers.image.title': `l${i}` }),
  );
  const bytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPE.imageManifest,
      config: config.descriptor,
      layers: layers.map((l) => l.descriptor),
    }),
  );
  return { config, layers, blobs: [config, ...layers], manifest: { bytes, mediaType: MEDIA_TYPE.imageManifest } };
}

async function setup(options: FakeRegistryOptions = {}) {
  registry = await fakeRegistry(options);
  const base = { credentials: async () => undefined, retry: { maxAttempts: 2, minDelayMs: 1, maxDelayMs: 1 } };
  return (o: Omit<PushArtifactOptions, 'reference'> & { reference?: string }) =>
    pushArtifact({ ...base, reference: `${registry!.host}/team/app:1.0.0`, ...o });
}
const kinds = (r: FakeRegistry) =>
  r.requests
    .filter((q) => q.method === 'PUT')
    .map((q) => (q.path.includes('/manifests/') ? `manifest ${q.path.split('/manifests/')[1]}` : 'blob'));

describe('pushArtifact', () => {
  it('uploads blobs, then the manifest under the first tag, then the other tags', async () => {
    const push = await setup();
    const a = artifact();
    const result = await push({ ...a, tags: ['latest', 'stable'] });
    expect(kinds(registry!)).toEqual(['blob', 'blob', 'blob', 'manifest 1.0.0', 'manifest latest', 'manifest stable']);
    expect(result).toMatchObject({
      tags: ['1.0.0', 'latest', 'stable'],
      skipped: [],
      mounted: [],
      dryRun: false,
      size: a.manifest.bytes.length,
    });
    expect(result.pushed.map((d) => d.digest).sort()).toEqual(a.blobs.map((b) => b.descriptor.digest).sort());
    expect(result.bytesUploaded).toBe(a.blobs.reduce((n, b) => n + b.descriptor.size, 0));
    expect(result.reference).toBe(`${registry!.host}/team/app@${result.digest}`);
    // One HEAD per blob before its upload; an upload the registry acknowledged is not asked about again.
    const firstManifest = registry!.requests.findIndex((q) => q.method === 'PUT' && q.path.includes('/manifests/'));
    const heads = registry!.requests.slice(0, firstManifest).filter((q) => q.method === 'HEAD');
    expect(heads).toHaveLength(a.blobs.length);
  });

  it('uploads the biggest blob first, so that it never uploads alone at the end', async () => {
    const push = await setup();
    const a = artifact();
    await push({ ...a, concurrency: 1 });
    const uploaded = registry!.requests.filter((q) => q.method === 'PUT' && q.path.includes('/uploads/')).map((q) => q.body.length);
    expect(uploaded).toEqual([...a.blobs.map((b) => b.descriptor.size)].sort((x, y) => y - x));
  });

  it('re-push uploads nothing', async () => {
    const push = await setup();
    const a = artifact();
    await push(a);
    registry!.requests.length = 0;
    const again = await push(a);
    expect(again).toMatchObject({ pushed: [], bytesUploaded: 0 });
    expect(again.skipped).toHaveLength(3);
    expect(registry!.requests.filter((q) => q.method === 'POST')).toHaveLength(0);
  });

  it('dry run only reports the plan', async () => {
    const push = await setup();
    const a = artifact();
    registry!.blobs.set(a.config.descriptor.digest, Buffer.from('{"hplugin":true}'));
    const plan = await push({ ...a, dryRun: true });
    expect(plan).toMatchObject({ dryRun: true, skipped: [a.config.descriptor], bytesUploaded: 0 });
    expect(plan.pushed).toHaveLength(2);
    expect(registry!.requests.every((q) => q.method === 'HEAD')).toBe(true);
  });

  it('never writes a manifest that references a blob the registry lacks', async () => {
    const push = await setup();
    const a = artifact();
    await expect(push({ ...a, blobs: [a.config, a.layers[0]!] })).rejects.toMatchObject({
      code: 'REGISTRY_BLOB_UNKNOWN',
      message: expect.stringContaining(a.layers[1]!.descriptor.digest),
    });
    expect(registry!.manifests.size).toBe(0);
  });

  it('writes no further tags when the manifest PUT fails', async () => {
    const push = await setup({
      hook: (req, res) =>
        req.method === 'PUT' && req.path.endsWith('/manifests/1.0.0')
          ? (res.writeHead(400, { 'content-type': 'application/json' }).end('{"errors":[{"code":"MANIFEST_INVALID"}]}'), true)
          : false,
    });
    await expect(push({ ...artifact(), tags: ['latest'] })).rejects.toMatchObject({ code: 'REGISTRY_MANIFEST_INVALID' });
    expect(registry!.requests.some((q) => q.path.endsWith('/manifests/latest'))).toBe(false);
  });

  describe('a manifest refused for a blob the push saw there (another push of the same blob at that moment)', () => {
    // distribution's answer while a concurrent commit of the same blob rewrites its link in place.
    const refuse = (res: import('node:http').ServerResponse) =>
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end(
          '{"errors":[{"code":"DIGEST_INVALID","message":"provided digest did not match uploaded content"},{"code":"MANIFEST_BLOB_UNKNOWN","message":"blob unknown to registry"}]}',
        );
    const manifestPuts = (r: FakeRegistry) => r.requests.filter((q) => q.method === 'PUT' && q.path.endsWith('/manifests/1.0.0')).length;

    it('asks for the blobs again and sends the manifest again', async () => {
      let refused = 0;
      const push = await setup({
        hook: (req, res) =>
          req.method === 'PUT' && req.path.endsWith('/manifests/1.0.0') && refused++ === 0 ? (refuse(res), true) : false,
      });
      const a = artifact();
      const result = await push({ ...a, tags: ['latest'] });
      expect(manifestPuts(registry!)).toBe(2);
      expect([...registry!.manifests.keys()].filter((k) => !k.includes('sha256:'))).toEqual(['team/app:1.0.0', 'team/app:latest']);
      // The blobs were there: none was uploaded twice.
      expect(registry!.requests.filter((q) => q.method === 'PUT' && q.path.includes('/uploads/'))).toHaveLength(a.blobs.length);
      expect(result.tags).toEqual(['1.0.0', 'latest']);
    });

    it('does the same for a later tag (the other push may still be committing blobs)', async () => {
      let refused = 0;
      const push = await setup({
        hook: (req, res) =>
          req.method === 'PUT' && req.path.endsWith('/manifests/latest') && refused++ === 0 ? (refuse(res), true) : false,
      });
      const result = await push({ ...artifact(), tags: ['latest'] });
      expect(registry!.requests.filter((q) => q.method === 'PUT' && q.path.endsWith('/manifests/latest'))).toHaveLength(2);
      expect(result.tags).toEqual(['1.0.0', 'latest']);
    });

    it('uploads again a blob the registry really lost, then sends the manifest', async () => {
      const a = artifact();
      const lost = a.layers[1]!.descriptor.digest;
      let refused = 0;
      const push = await setup({
        hook: (req, res, r) => {
          if (req.method !== 'PUT' || !req.path.endsWith('/manifests/1.0.0') || refused++ > 0) return false;
          r.blobs.delete(lost);
          refuse(res);
          return true;
        },
      });
      await push(a);
      expect(manifestPuts(registry!)).toBe(2);
      expect(registry!.blobs.has(lost)).toBe(true);
      expect(registry!.requests.filter((q) => q.method === 'PUT' && q.path.includes('/uploads/'))).toHaveLength(a.blobs.length + 1);
    });

    it('gives up after two more tries, says why, and writes no tag', async () => {
      const push = await setup({
        hook: (req, res) => (req.method === 'PUT' && req.path.endsWith('/manifests/1.0.0') ? (refuse(res), true) : false),
      });
      const err = await push({ ...artifact(), tags: ['latest'] }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'REGISTRY_BLOB_UNKNOWN', hint: expect.stringMatching(/Another push to this repository/) });
      expect((err as Error).message).toContain('sent the manifest 3 times');
      expect(manifestPuts(registry!)).toBe(3);
      expect(registry!.manifests.size).toBe(0);
      expect(registry!.requests.some((q) => q.path.endsWith('/manifests/latest'))).toBe(false);
    });
  });

  it('without tags, pushes by digest', async () => {
    const push = await setup();
    const a = artifact(1);
    const result = await push({ ...a, reference: `${registry!.host}/team/app` });
    expect(kinds(registry!).at(-1)).toBe(`manifest ${result.digest}`);
  });

  it('bounds concurrency and reports byte progress per blob', async () => {
    let open = 0;
    let peak = 0;
    const push = await setup({
      hook: async (req) => {
        if (req.method === 'POST') peak = Math.max(peak, ++open);
        if (req.method === 'PUT' && req.path.includes('/uploads/')) {
          await new Promise((r) => setTimeout(r, 10));
          open--;
        }
        return false;
      },
    });
    const progress = new Map<string, { total: number; sent: number; done: boolean }>();
    const reporter: Reporter = Object.assign(silentReporter(), {
      progress: (label: string, total: number) => {
        const p = { total, sent: 0, done: false };
        progress.set(label, p);
        return { advance: (n: number) => void (p.sent += n), done: () => void (p.done = true) };
      },
    });
    const a = artifact(7);
    await push({ ...a, concurrency: 2, reporter });
    expect(peak).toBe(2);
    expect(progress.size).toBe(8);
    expect([...progress.values()].every((p) => p.done && p.sent === p.total)).toBe(true);
    expect(progress.has('l6')).toBe(true);
  });

  it('deduplicates blobs passed twice', async () => {
    const push = await setup();
    const a = artifact(1);
    const dup: BlobSource[] = [...a.blobs, a.layers[0]!];
    const result = await push({ ...a, blobs: dup });
    expect(result.pushed).toHaveLength(2);
  });

  it('rejects a reference digest that does not match the manifest', async () => {
    const push = await setup();
    await expect(push({ ...artifact(), reference: `${registry!.host}/a@sha256:${'0'.repeat(64)}` })).rejects.toMatchObject({
      code: 'REF_DIGEST_MISMATCH',
    });
  });
});

describe('pullArtifact', () => {
  it('writes verified blobs under blobDir/sha256 and skips the ones already there', async () => {
    const push = await setup();
    const a = artifact();
    await push(a);
    const dir = await mkdtemp(join(tmpdir(), 'hplugin-pull-'));
    try {
      const base = { reference: `${registry!.host}/team/app:1.0.0`, blobDir: join(dir, 'blobs'), credentials: async () => undefined };
      const first = await pullArtifact(base);
      expect(first.descriptor.digest).toBe((await push({ ...a, dryRun: true })).digest);
      expect(first.blobs.map((b) => b.downloaded)).toEqual([true, true, true]);
      const layer = a.layers[0]!.descriptor;
      expect((await readFile(join(dir, 'blobs', 'sha256', digestHex(layer.digest)))).length).toBe(layer.size);
      const second = await pullArtifact(base);
      expect(second.blobs.map((b) => b.downloaded)).toEqual([false, false, false]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
