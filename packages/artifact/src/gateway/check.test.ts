import { randomBytes } from 'node:crypto';
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
    const v = await verdictOf(async (d) => ({
      layers: [layer.spec(), layer.readme(), layer.ociTar(await tarGz(d, [{ name: 'plugin.wasm', bytes: wasm }]))],
    }));
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

describe('checkGatewayFormat: registries and runtimes are warnings, never the gateway verdict', () => {
  const withConfig =
    (mediaType: string, bytes: Buffer) =>
    async (d: string): Promise<FakeArtifact> => ({
      config: { mediaType, bytes },
      layers: [layer.ociTar(await tarGz(d, [{ name: 'plugin.wasm', bytes: wasm }]))],
    });
  const cases: Array<[string, (dir: string) => Promise<FakeArtifact>, RegExp, string | undefined]> = [
    [
      'a config without a media type (higress#2295)',
      withConfig('', Buffer.from('{}')),
      /no media type.*higress#2295/,
      'private registries',
    ],
    ['the OCI empty config (ACR)', withConfig(MEDIA_TYPE.ociEmpty, Buffer.from('{}')), /empty descriptor.*ACR/, 'Alibaba Cloud ACR'],
    [
      'a size-0 config (Harbor)',
      withConfig('application/vnd.unknown.config.v1+json', Buffer.alloc(0)),
      /empty \(size 0\).*Harbor/,
      'Harbor',
    ],
  ];

  it.each(cases)('%s: accepted, with a registry warning naming the registry', async (_name, artifact, message, registry) => {
    const v = await verdictOf(artifact);
    expect(v).toMatchObject({ ok: true, variant: 'compat', problems: [] });
    expect(v.warnings).toEqual([{ scope: 'registry', registry, message: expect.stringMatching(message) }]);
  });

  it('a component instead of a core module: the fetcher passes it, a runtime warning says Envoy will not', async () => {
    const v = await verdictOf({ layers: [layer.runtimeConfig(), layer.rawWasm(Buffer.from([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0]))] });
    expect(v).toMatchObject({ ok: true, variant: 'oci' });
    expect(v.warnings).toEqual([{ scope: 'runtime', message: expect.stringMatching(/not a core WebAssembly module/) }]);
  });

  it('two .wasm files, or two tar.gz layers: the gateway takes the first plugin.wasm of the last layer', async () => {
    const other = proxyWasmModule({ seed: 2 });
    const twoFiles = await verdictOf(async (d) => ({
      layers: [
        layer.ociTar(
          await tarGz(d, [
            { name: 'plugin.wasm', bytes: wasm },
            { name: 'debug.wasm', bytes: other },
          ]),
        ),
      ],
    }));
    expect(twoFiles).toMatchObject({ ok: true, warnings: [], wasm: { digest: sha256Digest(wasm) } });
    const twoLayers = await verdictOf(async (d) => ({
      layers: [
        layer.ociTar(await tarGz(d, [{ name: 'plugin.wasm', bytes: other }])),
        layer.ociTar(await tarGz(d, [{ name: 'plugin.wasm', bytes: wasm }])),
      ],
    }));
    expect(twoLayers).toMatchObject({ ok: true, warnings: [], wasm: { digest: sha256Digest(wasm) } });
  });
});

describe('checkGatewayFormat: every known-bad shape is rejected with its reason', () => {
  const cases: Array<[string, FakeArtifact | ((dir: string) => Promise<FakeArtifact>), RegExp]> = [
    ['a single raw wasm layer (higress#4528)', { layers: [layer.rawWasm(wasm)] }, /single raw wasm layer.*higress#4528/],
    [
      'raw wasm mixed with doc layers (higress#4014)',
      { layers: [layer.spec(), layer.readme(), layer.rawWasm(wasm)] },
      /number of layers must be 2 but got 3.*higress#4014/,
    ],
    [
      'a plugin.wasm that is not wasm',
      async (d) => ({ layers: [layer.ociTar(await tarGz(d, [{ name: 'plugin.wasm', bytes: Buffer.from('#!/bin/sh\necho hi\n') }]))] }),
      /does not start with "\\0asm"/,
    ],
    [
      'a raw module that is not wasm',
      { layers: [layer.runtimeConfig(), layer.rawWasm(Buffer.from('MZ not wasm'))] },
      /raw wasm layer is not a WebAssembly module/,
    ],
    [
      'a module of 4 bytes',
      { layers: [layer.runtimeConfig(), layer.rawWasm(Buffer.from('\0asm'))] },
      /4 bytes; a WebAssembly module has at least the 8-byte header/,
    ],
    [
      'a tar.gz without plugin.wasm',
      async (d) => ({ layers: [layer.ociTar(await tarGz(d, [{ name: 'main.wasm', bytes: wasm }]))] }),
      /has no entry named plugin\.wasm/,
    ],
    [
      'docs only, no module',
      { layers: [layer.spec(), layer.readme()] },
      /last layer is application\/vnd\.module\.wasm\.doc.*not a tar\.gz/,
    ],
    [
      'the tar.gz not last',
      async (d) => ({ layers: [layer.ociTar(await tarGz(d, [{ name: 'plugin.wasm', bytes: wasm }])), layer.readme()] }),
      /tar\.gz is layer 1 of 2; the gateway only looks in the LAST layer/,
    ],
    [
      'a tar.gz cut inside plugin.wasm',
      async (d) => {
        // Random bytes after the header: they do not compress, so half the archive holds half the module.
        const whole = await tarGz(d, [{ name: 'plugin.wasm', bytes: Buffer.concat([wasm, randomBytes(20_000)]) }]);
        return { layers: [layer.ociTar(whole.subarray(0, Math.floor(whole.length / 2)))] };
      },
      /plugin\.wasm is cut short/,
    ],
    [
      'a last layer that is not gzip',
      { layers: [layer.ociTar(Buffer.from('plain text'))] },
      /not a tar\.gz the gateway can read.*not readable gzip data/,
    ],
    [
      'a Docker manifest whose last layer is an OCI layer',
      async (d) => ({
        manifestMediaType: MEDIA_TYPE.dockerManifest,
        layers: [layer.ociTar(await tarGz(d, [{ name: 'plugin.wasm', bytes: wasm }]))],
      }),
      /last layer of a Docker \(schema2\) manifest must be application\/vnd\.docker\.image\.rootfs\.diff\.tar\.gzip/,
    ],
    [
      'a directory named plugin.wasm before the real file',
      async (d) => ({
        layers: [
          layer.ociTar(
            await tarGz(d, [
              { name: 'a/plugin.wasm', bytes: Buffer.alloc(0) },
              { name: 'b/plugin.wasm', bytes: wasm },
            ]),
          ),
        ],
      }),
      /first plugin\.wasm of the last layer, a\/plugin\.wasm is empty/,
    ],
    ['no layers at all', { layers: [] }, /no layers/],
  ];

  it.each(cases)('%s', async (_name, artifact, reason) => {
    const v = await verdictOf(artifact);
    expect(v.ok).toBe(false);
    expect(v.variant).toBeUndefined();
    expect(v.problems.join('\n')).toMatch(reason);
    expect(v.reason).toBe(v.problems[0]);
  });

  it('an image index handed over unresolved', async () => {
    const index = { schemaVersion: 2, mediaType: MEDIA_TYPE.imageIndex, manifests: [] };
    const v = await checkGatewayFormat(Buffer.from(JSON.stringify(index)), MEDIA_TYPE.imageIndex, async () => Buffer.alloc(0));
    expect(v).toMatchObject({ ok: false, reason: expect.stringMatching(/image index.*linux\/amd64 image it lists/) });
  });

  it('a manifest that is not JSON', async () => {
    const v = await checkGatewayFormat('{not json', MEDIA_TYPE.imageManifest, async () => Buffer.alloc(0));
    expect(v).toMatchObject({ ok: false, reason: 'The manifest is not JSON.' });
    expect(await checkGatewayFormat('null', undefined, async () => Buffer.alloc(0))).toMatchObject({
      ok: false,
      reason: 'The manifest is not a JSON object.',
    });
  });

  it('a module of more than 256 MiB once decompressed: cut short where the gateway stops reading', async () => {
    const v = await verdictOf(async (d) => {
      const big = join(d, 'big.wasm');
      await writeFile(big, wasm);
      await truncate(big, 256 * 1024 * 1024 + 1); // sparse: fast to write, tiny once gzipped
      const chunks: Buffer[] = [];
      for await (const c of createReproducibleTarGz([{ name: 'plugin.wasm', path: big }], { mtimeSeconds: 0, level: 1 }).stream)
        chunks.push(c as Buffer);
      return { layers: [layer.ociTar(Buffer.concat(chunks))] };
    });
    expect(v).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/plugin\.wasm is cut short: the archive ends after 268434944 of its 268435457 bytes/),
    });
  });

  it('a corrupt blob: named as the reason, never trusted', async () => {
    const dir = await newDir();
    const layout = await OciLayout.create(dir);
    await writeArtifact(layout, 't', { layers: [layer.spec(), layer.ociTar(await tarGz(dir, [{ name: 'plugin.wasm', bytes: wasm }]))] });
    const { manifest } = await inspectLayout(dir, 't');
    await writeFile(
      layout.blobPath(manifest.layers![1]!.digest),
      await tarGz(dir, [{ name: 'plugin.wasm', bytes: proxyWasmModule({ seed: 9 }) }]),
    );
    const v = (await inspectLayout(dir, 't')).verdict;
    expect(v).toMatchObject({ ok: false, reason: expect.stringMatching(/does not hash to its name/) });
  });
});

describe('inspectLayout: an image index in the layout is resolved as the gateway resolves it', () => {
  async function indexLayout(children: Array<{ seed: number; platform?: { os: string; architecture: string } }>) {
    const dir = await newDir();
    const layout = await OciLayout.create(join(dir, 'oci'));
    const manifests = [];
    for (const [i, c] of children.entries()) {
      const child = await writeArtifact(layout, `child-${i}`, {
        layers: [layer.runtimeConfig(), layer.rawWasm(proxyWasmModule({ seed: c.seed }))],
      });
      manifests.push({ ...child, ...(c.platform ? { platform: c.platform } : {}) });
    }
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPE.imageIndex, manifests }));
    const top = await layout.putManifest(index, MEDIA_TYPE.imageIndex, ['t']);
    return { layout, top, children: manifests };
  }

  it('pins the first linux/amd64 child, never the index', async () => {
    const { layout, top, children } = await indexLayout([
      { seed: 3, platform: { os: 'linux', architecture: 'arm64' } },
      { seed: 4, platform: { os: 'linux', architecture: 'amd64' } },
    ]);
    const seen = await inspectLayout(layout.dir, 't');
    expect(seen.descriptor.digest).toBe(top.digest);
    expect(seen.verdict).toMatchObject({
      ok: true,
      pinned: { digest: children[1]!.digest, index: top.digest },
      wasm: { digest: sha256Digest(proxyWasmModule({ seed: 4 })) },
    });
  });

  it('rejects an index without a linux/amd64 child, listing what it has', async () => {
    const { layout } = await indexLayout([{ seed: 3, platform: { os: 'linux', architecture: 'arm64' } }]);
    const v = (await inspectLayout(layout.dir, 't')).verdict;
    expect(v).toMatchObject({ ok: false, reason: expect.stringMatching(/no linux\/amd64 image \(it lists: linux\/arm64\)/) });
  });
});
