/**
 * The layers of each format, written into the layout as they are made (large ones streamed).
 * higress:  spec.yaml, README.md, README_<lang>.md…, icon.png?, plugin.tar.gz (LAST: the gateway
 *           takes the module from the last layer).
 * wasm-oci: a `{}` runtime-config layer, then the raw module: exactly two layers, no docs, because
 *           the gateway reads raw wasm only from a two-layer manifest (higress#4014).
 */
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { ANNOTATION, MEDIA_TYPE, type Descriptor } from '@hplugin/oci/spec';
import type { ExtractedModule } from '../gateway/variants.js';
import type { OciLayout } from '../layout/oci-layout.js';
import { PLUGIN_ARCHIVE_TITLE, PLUGIN_MEDIA_TYPE, PLUGIN_WASM_ENTRY } from '../media-types.js';
import { createReproducibleTarGz, ENTRY_MODE } from '../tar/reproducible-tar.js';
import type { ReadmeLayer } from './readmes.js';
import { fileDigest, findReusableArchive } from './reuse-archive.js';

export interface BuiltLayers {
  layers: Descriptor[];
  /** The module itself (not the archive): named in the config blob. */
  module: { digest: string; size: number };
  /** An archive made in this run: what it holds, so the gateway check need not gunzip it again. */
  made?: ExtractedModule;
  /** The archive kept from an earlier package (not written, not read in this run). */
  kept?: string;
}

/** The first bytes of the module (`\0asm` and the version), for the check of an archive made from it. */
async function moduleHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read({ buffer: Buffer.alloc(8), position: 0 });
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export interface HigressLayerInputs {
  specYaml: string;
  readmes: ReadmeLayer[];
  iconPath?: string;
  wasmPath: string;
  mtimeSeconds: number;
  /** The module's digest and size when already known (else the file is read to hash it). */
  module?: { digest: string; size: number };
  /** false: gzip the module even when the layout holds the same archive (default true). */
  keepArchive?: boolean;
}

export async function writeHigressLayers(layout: OciLayout, inputs: HigressLayerInputs): Promise<BuiltLayers> {
  // The archive starts first: its gzip runs on libuv's threads while this thread writes the small
  // layers (started after them, it began 5-10 ms later in a cold publish, on its critical path).
  const archive = writeArchiveLayer(layout, inputs);
  // Its failure surfaces at the await below; until then it must not count as unhandled.
  archive.catch(() => undefined);
  const layers: Descriptor[] = [];
  try {
    const add = async (bytes: Uint8Array, mediaType: string, title: string): Promise<void> => {
      const blob = await layout.putBlob(bytes, { mediaType });
      layers.push({ ...blob, annotations: { [ANNOTATION.title]: title } });
    };
    await add(Buffer.from(inputs.specYaml, 'utf8'), PLUGIN_MEDIA_TYPE.spec, 'spec.yaml');
    for (const readme of inputs.readmes) await add(readme.content ?? (await readFile(readme.path)), readme.mediaType, readme.title);
    if (inputs.iconPath) await add(await readFile(inputs.iconPath), PLUGIN_MEDIA_TYPE.icon, 'icon.png');
  } catch (err) {
    // Not left running behind the error: the caller may remove the layout next.
    await archive.catch(() => undefined);
    throw err;
  }
  const { layer, ...rest } = await archive;
  // The archive stays the last layer: the gateway takes the module from it.
  return { layers: [...layers, layer], ...rest };
}

/** plugin.tar.gz: kept from an earlier package when it holds this exact module, else made now. */
async function writeArchiveLayer(
  layout: OciLayout,
  inputs: HigressLayerInputs,
): Promise<Omit<BuiltLayers, 'layers'> & { layer: Descriptor }> {
  const annotations = { [ANNOTATION.title]: PLUGIN_ARCHIVE_TITLE };
  // An unchanged module keeps the archive already in the layout (see reuse-archive.ts): no second gzip.
  const wasm = inputs.module ?? (await fileDigest(inputs.wasmPath));
  const kept =
    inputs.keepArchive === false
      ? undefined
      : await findReusableArchive(layout, wasm, {
          name: PLUGIN_WASM_ENTRY,
          mode: ENTRY_MODE,
          size: wasm.size,
          mtimeSeconds: inputs.mtimeSeconds,
        });
  if (kept) return { layer: { ...kept, annotations }, module: wasm, kept: kept.digest };
  const archive = createReproducibleTarGz([{ name: PLUGIN_WASM_ENTRY, path: inputs.wasmPath }], { mtimeSeconds: inputs.mtimeSeconds });
  const blob = await layout.putBlob(archive.stream, { mediaType: MEDIA_TYPE.ociLayerTarGzip });
  const [module] = await archive.entries;
  const made: ExtractedModule = {
    digest: module!.digest,
    size: module!.size,
    head: await moduleHead(inputs.wasmPath),
    layer: blob.digest,
    where: `the first plugin.wasm of the last layer, ${PLUGIN_WASM_ENTRY}`,
  };
  return { layer: { ...blob, annotations }, module: { digest: module!.digest, size: module!.size }, made };
}

export async function writeWasmOciLayers(layout: OciLayout, wasmPath: string): Promise<BuiltLayers> {
  const runtimeConfig = await layout.putBlob(Buffer.from('{}'), { mediaType: PLUGIN_MEDIA_TYPE.runtimeConfig });
  const module = await layout.putBlob(createReadStream(wasmPath), { mediaType: PLUGIN_MEDIA_TYPE.wasmContent });
  // Titles let `oras pull` save the layers as files; the gateway ignores them.
  return {
    layers: [
      { ...runtimeConfig, annotations: { [ANNOTATION.title]: 'runtime-config.json' } },
      { ...module, annotations: { [ANNOTATION.title]: PLUGIN_WASM_ENTRY } },
    ],
    module: { digest: module.digest, size: module.size },
  };
}
