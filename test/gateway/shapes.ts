/**
 * The artifact shapes of the differential suite: every way a plugin has been, or could be, wrapped
 * in an OCI image, the hostile and the exotic included. A shape only describes what to push; the
 * suite pushes it with our OCI client and asks both the real fetcher and hplugin about it.
 * No expected verdict is written here: the oracle is the expectation.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { gzipSync } from 'node:zlib';
import { MEDIA_TYPE, sha256Digest, type BlobSource, type Descriptor } from '@hplugin/oci';
import { PLUGIN_MEDIA_TYPE } from '../../packages/artifact/src/media-types.js';
import { createReproducibleTarGz } from '../../packages/artifact/src/tar/reproducible-tar.js';
import { proxyWasmModule } from '../../packages/artifact/src/__fixtures__/wasm.js';
import { bytesBlob, tarBytes, tarGzBlob, zeroBlob, type TarEntry } from './blobs.js';

export interface ShapeManifest {
  mediaType: string;
  bytes: Buffer;
  blobs: BlobSource[];
  /** Manifests this one points at (an index's children), pushed before it. */
  children: ShapeManifest[];
}

export interface Shape {
  name: string;
  /** Ask by digest instead of by tag. */
  byDigest?: boolean;
  /** Hundreds of MiB: built from streams of zeros. */
  big?: boolean;
  build(dir: string): Promise<ShapeManifest>;
}

const MiB = 1024 * 1024;
const LIMIT = 256 * MiB;
export const WASM = proxyWasmModule({ seed: 1 });
export const OTHER_WASM = proxyWasmModule({ seed: 2 });
const NOT_WASM = Buffer.from('#!/bin/sh\necho not a module\n');
const COMPONENT = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, 0x01, 0x00]);

const T = {
  oci: MEDIA_TYPE.ociLayerTarGzip,
  docker: MEDIA_TYPE.dockerLayerTarGzip,
  raw: PLUGIN_MEDIA_TYPE.wasmContent,
  runtimeConfig: PLUGIN_MEDIA_TYPE.runtimeConfig,
  spec: PLUGIN_MEDIA_TYPE.spec,
  readme: PLUGIN_MEDIA_TYPE.readme,
};

// ---- blobs -------------------------------------------------------------------------------------

const tgz = (entries: TarEntry[], mediaType: string = T.oci): BlobSource => bytesBlob(gzipSync(tarBytes(entries)), mediaType);
const plugin = (body: Buffer = WASM, name = 'plugin.wasm'): TarEntry => ({ name, body });
const raw = (bytes: Buffer, mediaType: string = T.raw): BlobSource => bytesBlob(bytes, mediaType);
const runtimeConfig = (): BlobSource => bytesBlob('{}', T.runtimeConfig);
const spec = (): BlobSource => bytesBlob('apiVersion: 1.0.0\ninfo:\n  name: t\n', T.spec);
const readme = (): BlobSource => bytesBlob('# t\n', T.readme);
/** The same bytes under another media type (a second descriptor of one blob). */
const retyped = (blob: BlobSource, mediaType: string): BlobSource => ({ ...blob, descriptor: { ...blob.descriptor, mediaType } });

// ---- manifests ---------------------------------------------------------------------------------

interface ImageOptions {
  mediaType?: string;
  /** Leave the mediaType field out of the JSON (pushed with the OCI content type). */
  omitMediaTypeField?: boolean;
  config?: BlobSource;
}

const pluginConfig = (): BlobSource => bytesBlob('{"name":"t"}', PLUGIN_MEDIA_TYPE.pluginConfig);

function image(layers: BlobSource[], options: ImageOptions = {}): ShapeManifest {
  const mediaType = options.mediaType ?? MEDIA_TYPE.imageManifest;
  const config = options.config ?? pluginConfig();
  const doc = {
    schemaVersion: 2,
    ...(options.omitMediaTypeField ? {} : { mediaType }),
    config: config.descriptor,
    layers: layers.map((l) => l.descriptor),
  };
  return { mediaType, bytes: Buffer.from(JSON.stringify(doc)), blobs: [config, ...layers], children: [] };
}

const dockerImage = (layers: BlobSource[]): ShapeManifest =>
  image(layers, {
    mediaType: MEDIA_TYPE.dockerManifest,
    config: bytesBlob(
      '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}',
      'application/vnd.docker.container.image.v1+json',
    ),
  });

type Platform = NonNullable<Descriptor['platform']>;

function index(
  children: Array<{ manifest: ShapeManifest; platform?: Platform }>,
  mediaType: string = MEDIA_TYPE.imageIndex,
): ShapeManifest {
  const manifests = children.map(({ manifest, platform }) => ({
    mediaType: manifest.mediaType,
    digest: sha256Digest(manifest.bytes),
    size: manifest.bytes.length,
    ...(platform ? { platform } : {}),
  }));
  const doc = { schemaVersion: 2, mediaType, manifests };
  return { mediaType, bytes: Buffer.from(JSON.stringify(doc)), blobs: [], children: children.map((c) => c.manifest) };
}

const AMD64: Platform = { os: 'linux', architecture: 'amd64' };
const ARM64: Platform = { os: 'linux', architecture: 'arm64' };
const good = (): ShapeManifest => image([tgz([plugin()])]);
const broken = (): ShapeManifest => image([tgz([plugin(NOT_WASM)])]);

// ---- the table ---------------------------------------------------------------------------------

const small = (name: string, build: () => ShapeManifest, extra: Partial<Shape> = {}): Shape => ({
  name,
  build: async () => build(),
  ...extra,
});

export const SHAPES: Shape[] = [
  // compat: an OCI image whose last layer is a tar.gz holding plugin.wasm
  small('compat: one tar.gz layer holding plugin.wasm', good),
  small('compat: the Higress layout, spec.yaml and README.md before plugin.tar.gz', () => image([spec(), readme(), tgz([plugin()])])),
  {
    // hplugin's own archive: gzip in 1 MiB blocks, each compressed on its own thread and primed with
    // the block before (parallel-gzip.ts). 2.5 MiB of random bytes before plugin.wasm, so the
    // fetcher's gzip reader must read across three block joins to find the module.
    name: 'compat: the tar.gz hplugin packages (block-parallel gzip), plugin.wasm after 2.5 MiB',
    build: async (dir: string) => {
      await writeFile(join(dir, 'a-padding.bin'), randomBytes(2.5 * MiB));
      await writeFile(join(dir, 'plugin.wasm'), WASM);
      const archive = createReproducibleTarGz(
        ['a-padding.bin', 'plugin.wasm'].map((name) => ({ name, path: join(dir, name) })),
        { mtimeSeconds: 0 },
      );
      return image([bytesBlob(await buffer(archive.stream), T.oci)]);
    },
  },
  small('compat: the manifest without a mediaType field', () => image([tgz([plugin()])], { omitMediaTypeField: true })),
  small('compat: plugin.wasm inside a folder of the tar', () =>
    image([tgz([{ name: 'out/', type: 'Directory' }, plugin(WASM, 'out/plugin.wasm')])]),
  ),
  small('compat: ./plugin.wasm', () => image([tgz([plugin(WASM, './plugin.wasm')])])),
  small('compat: plugin.wasm under a 200-character path (PAX header)', () =>
    image([tgz([plugin(WASM, `${'d'.repeat(200)}/plugin.wasm`)])]),
  ),
  small('compat: a directory named plugin.wasm before the real file', () =>
    image([tgz([{ name: 'plugin.wasm/', type: 'Directory' }, plugin(WASM, 'x/plugin.wasm')])]),
  ),
  small('compat: a directory named plugin.wasm after the real file', () =>
    image([tgz([plugin(WASM, 'x/plugin.wasm'), { name: 'plugin.wasm/', type: 'Directory' }])]),
  ),
  small('compat: a symlink named plugin.wasm before the real file', () =>
    image([tgz([{ name: 'plugin.wasm', type: 'SymbolicLink', linkpath: 'real/plugin.wasm' }, plugin(WASM, 'real/plugin.wasm')])]),
  ),
  small('compat: a symlink named plugin.wasm after the real file', () =>
    image([tgz([plugin(WASM, 'real/plugin.wasm'), { name: 'plugin.wasm', type: 'SymbolicLink', linkpath: 'real/plugin.wasm' }])]),
  ),
  small('compat: a hard link named plugin.wasm to an earlier module', () =>
    image([tgz([plugin(WASM, 'main.wasm'), { name: 'plugin.wasm', type: 'Link', linkpath: 'main.wasm' }])]),
  ),
  small('compat: an empty plugin.wasm before the real file', () =>
    image([tgz([plugin(Buffer.alloc(0), 'a/plugin.wasm'), plugin(WASM, 'b/plugin.wasm')])]),
  ),
  small('compat: an empty plugin.wasm after the real file', () =>
    image([tgz([plugin(WASM, 'a/plugin.wasm'), plugin(Buffer.alloc(0), 'b/plugin.wasm')])]),
  ),
  small('compat: two .wasm files, main.wasm and plugin.wasm', () => image([tgz([plugin(OTHER_WASM, 'main.wasm'), plugin()])])),
  small('compat: two plugin.wasm entries, both modules (the first wins)', () =>
    image([tgz([plugin(WASM, 'a/plugin.wasm'), plugin(OTHER_WASM, 'b/plugin.wasm')])]),
  ),
  small('compat: two plugin.wasm entries, the first not a module', () =>
    image([tgz([plugin(NOT_WASM, 'a/plugin.wasm'), plugin(WASM, 'b/plugin.wasm')])]),
  ),
  small('compat: a tar.gz without plugin.wasm (main.wasm only)', () => image([tgz([plugin(WASM, 'main.wasm')])])),
  small('compat: plugin.wasm.bak is not plugin.wasm', () => image([tgz([plugin(WASM, 'plugin.wasm.bak')])])),
  small('compat: a backslash path dir\\plugin.wasm', () => image([tgz([plugin(WASM, 'dir\\plugin.wasm')])])),
  small('compat: plugin.wasm missing the \\0asm magic', () => image([tgz([plugin(NOT_WASM)])])),
  small('compat: plugin.wasm of 4 bytes (magic, no version)', () => image([tgz([plugin(Buffer.from('\0asm'))])])),
  small('compat: plugin.wasm of exactly 8 bytes (magic and version)', () =>
    image([tgz([plugin(Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]))])]),
  ),
  small('compat: plugin.wasm is a component, not a core module', () => image([tgz([plugin(COMPONENT)])])),
  small('compat: the tar.gz is not the last layer', () => image([tgz([plugin()]), spec()])),
  small('compat: the last layer is typed tar+gzip but is a plain tar', () => image([raw(tarBytes([plugin()]), T.oci)])),
  small('compat: the last layer is typed tar+gzip but is a raw module', () => image([runtimeConfig(), raw(WASM, T.oci)])),
  small('compat: the last layer is gzip but not tar', () => image([raw(gzipSync(WASM), T.oci)])),
  small('compat: an empty tar.gz', () => image([tgz([])])),
  small('compat: a tar.gz cut short right after plugin.wasm', () => {
    const whole = gzipSync(tarBytes([plugin(), plugin(OTHER_WASM, 'padding.wasm')]));
    return image([raw(whole.subarray(0, whole.length - 40), T.oci)]);
  }),
  small('compat: garbage after the gzip stream', () =>
    image([raw(Buffer.concat([gzipSync(tarBytes([plugin()])), Buffer.from('trailing garbage')]), T.oci)]),
  ),
  small('compat: plugin.wasm in the second member of a multi-member gzip', () => {
    const tar = tarBytes([plugin(OTHER_WASM, 'first.wasm'), plugin()]);
    const cut = 1024; // header + the first module's body (proxyWasmModule is under 512 bytes)
    return image([raw(Buffer.concat([gzipSync(tar.subarray(0, cut)), gzipSync(tar.subarray(cut))]), T.oci)]);
  }),
  small('compat: the tar.gz typed with the Docker layer media type in an OCI manifest', () => image([tgz([plugin()], T.docker)])),
  small('compat: the same blob as an OCI tar.gz and, last, as the Docker type', () => {
    const blob = tgz([plugin()]);
    return image([blob, retyped(blob, T.docker)]);
  }),
  small('compat: two tar.gz layers with different modules (only the last counts)', () =>
    image([tgz([plugin(OTHER_WASM)]), tgz([plugin()])]),
  ),
  small('compat: a good tar.gz followed by a last tar.gz without plugin.wasm', () =>
    image([tgz([plugin()]), tgz([plugin(WASM, 'main.wasm')])]),
  ),
  small('compat: a raw wasm layer, then a good tar.gz last', () => image([raw(OTHER_WASM), tgz([plugin()])])),
  small('compat: no layers at all', () => image([])),
  small('compat: a 0-byte last layer typed tar+gzip', () => image([raw(Buffer.alloc(0), T.oci)])),

  // docker: schema2 manifest, the last layer must be the Docker tar.gz type
  small('docker: schema2 manifest, Docker tar.gz layer', () => dockerImage([tgz([plugin()], T.docker)])),
  small('docker: schema2 manifest with an OCI-typed tar.gz layer', () => dockerImage([tgz([plugin()], T.oci)])),
  small('docker: schema2 manifest carrying the two-layer raw variant', () => dockerImage([runtimeConfig(), raw(WASM)])),
  small('docker: schema2 manifest without layers', () => dockerImage([])),
  small('docker: schema2 manifest, Docker tar.gz without plugin.wasm', () => dockerImage([tgz([plugin(WASM, 'main.wasm')], T.docker)])),

  // oci: exactly two layers, one the raw module
  small('oci: runtime config, then the raw module', () => image([runtimeConfig(), raw(WASM)])),
  small('oci: the raw module first, then the runtime config', () => image([raw(WASM), runtimeConfig()])),
  small('oci: two raw wasm layers (the first wins)', () => image([raw(WASM), raw(OTHER_WASM)])),
  small('oci: a single raw wasm layer (higress#4528)', () => image([raw(WASM)])),
  small('oci: three layers with raw wasm (higress#4014)', () => image([spec(), readme(), raw(WASM)])),
  small('oci: the raw module missing the \\0asm magic', () => image([runtimeConfig(), raw(NOT_WASM)])),
  small('oci: a tar.gz first and the raw module last', () => image([tgz([plugin(OTHER_WASM)]), raw(WASM)])),
  small('oci: a good raw module, then a last tar.gz whose plugin.wasm is not a module (no fallback)', () =>
    image([raw(WASM), tgz([plugin(NOT_WASM)])]),
  ),
  small('oci: the OCI empty config and a {} runtime-config layer sharing its digest', () =>
    image([runtimeConfig(), raw(WASM)], { config: bytesBlob('{}', MEDIA_TYPE.ociEmpty) }),
  ),
  small('oci: a raw module typed with the wrong wasm type', () => image([runtimeConfig(), raw(WASM, 'application/wasm')])),

  // config: the gateway never reads it; registries do
  small('config: the OCI empty config application/vnd.oci.empty.v1+json', () =>
    image([tgz([plugin()])], { config: bytesBlob('{}', MEDIA_TYPE.ociEmpty) }),
  ),
  small('config: a size-0 config blob', () =>
    image([tgz([plugin()])], { config: bytesBlob(Buffer.alloc(0), 'application/vnd.unknown.config.v1+json') }),
  ),
  small('config: an OCI image config', () =>
    image([tgz([plugin()])], {
      config: bytesBlob(
        '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}',
        'application/vnd.oci.image.config.v1+json',
      ),
    }),
  ),

  // index: the fetcher resolves it to the first linux/amd64 child (no platform counts as linux/amd64)
  small('index: one linux/amd64 child', () => index([{ manifest: good(), platform: AMD64 }])),
  small('index: one child without a platform', () => index([{ manifest: good() }])),
  small('index: arm64 only', () => index([{ manifest: good(), platform: ARM64 }])),
  small('index: arm64 first, then linux/amd64', () =>
    index([
      { manifest: image([tgz([plugin(OTHER_WASM)])]), platform: ARM64 },
      { manifest: good(), platform: AMD64 },
    ]),
  ),
  small('index: a broken linux/amd64 child and a good arm64 one', () =>
    index([
      { manifest: broken(), platform: AMD64 },
      { manifest: good(), platform: ARM64 },
    ]),
  ),
  small('index: two linux/amd64 children, the first broken', () =>
    index([
      { manifest: broken(), platform: AMD64 },
      { manifest: good(), platform: AMD64 },
    ]),
  ),
  small('index: a linux/amd64/v3 child', () => index([{ manifest: good(), platform: { ...AMD64, variant: 'v3' } }])),
  small('index: no manifests at all', () => index([])),
  small('index: windows/amd64 only', () => index([{ manifest: good(), platform: { os: 'windows', architecture: 'amd64' } }])),
  small('index: nested, an index inside the index', () =>
    index([{ manifest: index([{ manifest: good(), platform: AMD64 }]), platform: AMD64 }]),
  ),
  small('index: a Docker manifest list with a linux/amd64 schema2 child', () =>
    index([{ manifest: dockerImage([tgz([plugin()], T.docker)]), platform: AMD64 }], MEDIA_TYPE.dockerManifestList),
  ),
  small('index: a linux/amd64 child in the two-layer raw variant', () =>
    index([{ manifest: image([runtimeConfig(), raw(WASM)]), platform: AMD64 }]),
  ),
  small('reference: by digest instead of by tag', good, { byDigest: true }),

  // over 256 MiB: the fetcher reads at most 256 MiB of the decompressed stream (or of a raw layer)
  {
    name: 'big: a tar.gz over 256 MiB compressed, plugin.wasm first',
    big: true,
    build: async (dir) =>
      image([await tarGzBlob(dir, 'big-compressed.tgz', [plugin(), { name: 'filler.bin', body: { zeros: LIMIT + 4 * MiB } }], T.oci, 0)]),
  },
  {
    name: 'big: a tar.gz over 256 MiB uncompressed, plugin.wasm first',
    big: true,
    build: async (dir) =>
      image([await tarGzBlob(dir, 'big-first.tgz', [plugin(), { name: 'filler.bin', body: { zeros: LIMIT + 4 * MiB } }], T.oci, 9)]),
  },
  {
    name: 'big: a tar.gz over 256 MiB uncompressed, plugin.wasm after the filler',
    big: true,
    build: async (dir) =>
      image([await tarGzBlob(dir, 'big-last.tgz', [{ name: 'filler.bin', body: { zeros: LIMIT + 4 * MiB } }, plugin()], T.oci, 9)]),
  },
  {
    name: 'big: plugin.wasm itself over 256 MiB',
    big: true,
    build: async (dir) =>
      image([await tarGzBlob(dir, 'big-module.tgz', [{ name: 'plugin.wasm', body: { prefix: WASM, zeros: LIMIT } }], T.oci, 9)]),
  },
  {
    name: 'big: plugin.wasm just under the limit, after 1 MiB of other files',
    big: true,
    build: async (dir) =>
      image([
        await tarGzBlob(
          dir,
          'big-edge.tgz',
          [
            { name: 'a.bin', body: { zeros: MiB } },
            { name: 'plugin.wasm', body: { prefix: WASM, zeros: LIMIT - 2 * MiB } },
          ],
          T.oci,
          9,
        ),
      ]),
  },
  {
    name: 'big: a raw wasm layer over 256 MiB (two-layer variant)',
    big: true,
    build: async (dir) => image([runtimeConfig(), await zeroBlob(dir, 'big-raw.wasm', { prefix: WASM, zeros: LIMIT + 4 * MiB }, T.raw)]),
  },
];
