import { truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MEDIA_TYPE, sha256Digest } from '@hplugin/oci';
import { layer, tarGz, writeArtifact, type FakeArtifact } from '../__fixtures__/artifacts.js';
import { tempDirs } from '../__fixtures__/temp.js';
import { proxyWasmModule } from '../__fixtures__/wasm.js';
import { inspectLayout } from '../inspect.js';
import { OciLayout } from '../layout/oci-layout.js';
import { createReproducibleTarGz } from '../tar/reproducible-tar.js';
import { checkGatewayFormat } from './check.js';

const newDir = tempDirs();
const wasm = proxyWasmModule();

async function verdictOf(artifact: FakeArtifact | ((dir: string) => Promise<FakeArtifact>)) {
  const dir = await newDir();
  const layout = await OciLayout.create(join(dir, 'oci'));
  await writeArtifact(layout, 't', typeof artifact === 'function' ? await artifact(dir) : artifact);
  return (await inspectLayout(layout.dir, 't')).verdict;
}

describe('checkGatewayFormat: accepted shapes', () => {
  it('the Higress layout: docs first, plugin.tar.gz last (compat)', async () => {
    const v = await verdictOf(async (d) => ({ layers: [layer.spec(), layer.readme(), layer.ociTar(await tarGz(d, [{ name: 'plugin.wasm', bytes: wasm }]))] }));
    expect(v).toMatchObject({ ok: true, variant: 'compat', problems: [], wasm: { digest: sha256Digest(wasm), size: wasm.length } });
    expect(v.reason).toMatch(/last layer \(plugin\.tar\.gz\) holds plugin\.wasm/);
  });

  it('a plugin.wasm inside a folder of the tar (the gateway matches the base name)', async () => {
    const v = await verdictOf(async (d) => ({ layers: [layer.ociTar(await tarGz(d, [{ name: 'out/plugin.wasm', bytes: wasm }]))] }));
    expect(v).toMatchObject({ ok: true, variant: 'compat' });
  });

  it('the two-layer wasm variant', async () => {
    const v = await verdictOf({ layers: [layer.runtimeConfig(), layer.rawWasm(wasm)] });
    expect(v).toMatchObject({ ok: true, variant: 'oci', wasm: { digest: sha256Digest(wasm) } });
  });

  it('a Docker schema2 image whose last layer holds plugin.wasm', async () => {
    const v = await verdictOf(async (d) => ({
      manifestMediaType: MEDIA_TYPE.dockerManifest,
      config: { mediaType: 'application/vnd.docker.container.image.v1+json', bytes: Buffer.from('{"rootfs":{}}') },
      layers: [layer.dockerTar(await tarGz(d, [{ name: 'plugin.wasm', bytes: wasm }]))],
    }));
    expect(v).toMatchObject({ ok: true, variant: 'docker' });
  });
});

describe('checkGatewayFormat: every known-bad shape is rejected with its reason', () => {
  const cases: Array<[string, FakeArtifact | ((dir: string) => Promise<FakeArtifact>), RegExp]> = [
    ['a single raw wasm layer (higress#4528)', { layers: [layer.rawWasm(wasm)] }, /single raw wasm layer.*higress#4528/],
    ['raw wasm mixed with doc layers (higress#4014)', { layers: [layer.spec(), layer.readme(), layer.rawWasm(wasm)] }, /number of layers must be 2 but got 3.*higress#4014/],
    ['a config without a media type (higress#2295)', async (d) => ({ config: { mediaType: '', bytes: Buffer.from('{}') }, layers: [layer.ociTar(await tarGz(d, [{ name: 'plugin.wasm', bytes: wasm }]))] }), /no media type.*higress#2295/],
    ['the OCI empty config (ACR)', async (d) => ({ config: { mediaType: MEDIA_TYPE.ociEmpty, bytes: Buffer.from('{}') }, layers: [layer.ociTar(await tarGz(d, [{ name: 'plugin.wasm', bytes: wasm }]))] }), /empty descriptor.*ACR/],
    ['a size-0 config (Harbor)', async (d) => ({ config: { mediaType: 'application/vnd.unknown.config.v1+json', bytes: Buffer.alloc(0) }, layers: [layer.ociTar(await tarGz(d, [{ name: 'plugin.wasm', bytes: wasm }]))] }), /empty \(size 0\).*Harbor/],
    ['a plugin.wasm that is not wasm', async (d) => ({ layers: [layer.ociTar(await tarGz(d, [{ name: 'plugin.wasm', bytes: Buffer.from('#!/bin/sh\necho hi\n') }]))] }), /does not start with "\\0asm"/],
    ['a raw module that is not wasm', { layers: [layer.runtimeConfig(), layer.rawWasm(Buffer.from('MZ not wasm'))] }, /raw wasm layer is not a WebAssembly module/],
    ['a component instead of a core module', { layers: [layer.runtimeConfig(), layer.rawWasm(Buffer.from([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0]))] }, /not a core WebAssembly module/],
    ['a tar.gz without plugin.wasm', async (d) => ({ layers: [layer.ociTar(await tarGz(d, [{ name: 'main.wasm', bytes: wasm }]))] }), /without a plugin\.wasm entry \(it has: main\.wasm\)/],
    ['a tar.gz with two wasm files (plugin-server)', async (d) => ({ layers: [layer.ociTar(await tarGz(d, [{ name: 'plugin.wasm', bytes: wasm }, { name: 'debug.wasm', bytes: wasm }]))] }), /holds 2 \.wasm files.*plugin-server/],
    ['two tar.gz layers (plugin-server)', async (d) => {
      const t = await tarGz(d, [{ name: 'plugin.wasm', bytes: wasm }]);
      return { layers: [layer.ociTar(await tarGz(d, [{ name: 'plugin.wasm', bytes: proxyWasmModule({ seed: 2 }) }])), layer.ociTar(t)] };
    }, /2 layers that may carry wasm.*plugin-server/],
    ['docs only, no module', { layers: [layer.spec(), layer.readme()] }, /cannot find the module: the last layer is application\/vnd\.module\.wasm\.doc/],
    ['the tar.gz not last', async (d) => ({ layers: [layer.ociTar(await tarGz(d, [{ name: 'plugin.wasm', bytes: wasm }])), layer.readme()] }), /tar\.gz is layer 1 of 2; the gateway only looks in the LAST layer/],
    ['a truncated tar.gz', async (d) => {
      const whole = await tarGz(d, [{ name: 'plugin.wasm', bytes: proxyWasmModule({ padTo: 20_000 }) }]);
      return { layers: [layer.ociTar(whole.subarray(0, Math.floor(whole.length / 2)))] };
    }, /not a readable tar\.gz: unexpected end of file/],
    ['a last layer that is not gzip', { layers: [layer.ociTar(Buffer.from('plain text'))] }, /not a readable tar\.gz/],
    ['a Docker manifest whose last layer is an OCI layer', async (d) => ({ manifestMediaType: MEDIA_TYPE.dockerManifest, layers: [layer.ociTar(await tarGz(d, [{ name: 'plugin.wasm', bytes: wasm }]))] }), /last layer of a Docker manifest must be application\/vnd\.docker\.image\.rootfs\.diff\.tar\.gzip/],
    ['no layers at all', { layers: [] }, /no layers/],
  ];

  it.each(cases)('%s', async (_name, artifact, reason) => {
    const v = await verdictOf(artifact);
    expect(v.ok).toBe(false);
    expect(v.variant).toBeUndefined();
    expect(v.problems.join('\n')).toMatch(reason);
    expect(v.reason).toBe(v.problems[0]);
  });

  it('an image index', async () => {
    const index = { schemaVersion: 2, mediaType: MEDIA_TYPE.imageIndex, manifests: [] };
    const v = await checkGatewayFormat(Buffer.from(JSON.stringify(index)), MEDIA_TYPE.imageIndex, async () => Buffer.alloc(0));
    expect(v).toMatchObject({ ok: false, reason: expect.stringMatching(/image index.*push the plain manifest/) });
  });

  it('a manifest that is not JSON', async () => {
    const v = await checkGatewayFormat('{not json', MEDIA_TYPE.imageManifest, async () => Buffer.alloc(0));
    expect(v).toMatchObject({ ok: false, reason: 'The manifest is not JSON.' });
    expect(await checkGatewayFormat('null', undefined, async () => Buffer.alloc(0))).toMatchObject({ ok: false, reason: 'The manifest is not a JSON object.' });
  });

  it('a module of more than 256 MiB once decompressed', async () => {
    const v = await verdictOf(async (d) => {
      const big = join(d, 'big.wasm');
      await writeFile(big, wasm);
      await truncate(big, 256 * 1024 * 1024 + 1); // sparse: fast to write, tiny once gzipped
      const chunks: Buffer[] = [];
      for await (const c of createReproducibleTarGz([{ name: 'plugin.wasm', path: big }], { mtimeSeconds: 0, level: 1 }).stream) chunks.push(c as Buffer);
      return { layers: [layer.ociTar(Buffer.concat(chunks))] };
    });
    expect(v).toMatchObject({ ok: false, reason: expect.stringMatching(/more than 256 MiB once decompressed/) });
  });

  it('a raw module whose descriptor says more than 256 MiB, without reading it', async () => {
    const manifest = { schemaVersion: 2, config: { mediaType: 'application/x', digest: sha256Digest('x'), size: 1 }, layers: [
      { mediaType: 'application/vnd.module.wasm.config.v1+json', digest: sha256Digest('{}'), size: 2 },
      { mediaType: 'application/vnd.module.wasm.content.layer.v1+wasm', digest: sha256Digest('y'), size: 300 * 1024 * 1024 },
    ] };
    const v = await checkGatewayFormat(manifest as never, undefined, async () => {
      throw new Error('must not read');
    });
    expect(v).toMatchObject({ ok: false, reason: expect.stringMatching(/at most 256 MiB/) });
  });

  it('a corrupt blob: named as the reason, never trusted', async () => {
    const dir = await newDir();
    const layout = await OciLayout.create(dir);
    await writeArtifact(layout, 't', { layers: [layer.spec(), layer.ociTar(await tarGz(dir, [{ name: 'plugin.wasm', bytes: wasm }]))] });
    const { manifest } = await inspectLayout(dir, 't');
    await writeFile(layout.blobPath(manifest.layers[1]!.digest), await tarGz(dir, [{ name: 'plugin.wasm', bytes: proxyWasmModule({ seed: 9 }) }]));
    const v = (await inspectLayout(dir, 't')).verdict;
    expect(v).toMatchObject({ ok: false, reason: expect.stringMatching(/does not hash to its name/) });
  });
});
