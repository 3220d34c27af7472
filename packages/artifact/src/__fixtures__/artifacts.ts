/** Hand-made artifacts, good and bad, written into a real layout so the checks read real blobs. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ANNOTATION, MEDIA_TYPE, type Descriptor } from '@hplugin/oci/spec';
import type { OciLayout } from '../layout/oci-layout.js';
import { PLUGIN_MEDIA_TYPE } from '../media-types.js';
import { createReproducibleTarGz } from '../tar/reproducible-tar.js';
import { streamToBuffer } from './temp.js';

export interface FakeLayer {
  mediaType: string;
  bytes: Buffer;
  title?: string;
}

export interface FakeArtifact {
  manifestMediaType?: string;
  /** Default: a small JSON config of the Higress plugin type. */
  config?: { mediaType: string; bytes: Buffer };
  layers: FakeLayer[];
}

export async function writeArtifact(layout: OciLayout, tag: string, artifact: FakeArtifact): Promise<Descriptor> {
  const cfg = artifact.config ?? { mediaType: PLUGIN_MEDIA_TYPE.pluginConfig, bytes: Buffer.from('{"name":"t"}') };
  const config = await layout.putBlob(cfg.bytes, { mediaType: cfg.mediaType });
  const layers: Descriptor[] = [];
  for (const l of artifact.layers) {
    const blob = await layout.putBlob(l.bytes, { mediaType: l.mediaType });
    layers.push(l.title ? { ...blob, annotations: { [ANNOTATION.title]: l.title } } : blob);
  }
  const mediaType = artifact.manifestMediaType ?? MEDIA_TYPE.imageManifest;
  const manifest = { schemaVersion: 2, mediaType, config, layers };
  return layout.putManifest(Buffer.from(JSON.stringify(manifest)), mediaType, [tag]);
}

/** A tar.gz of the given entries, made from files in `dir`. */
export async function tarGz(dir: string, entries: Array<{ name: string; bytes: Buffer }>, level = 6): Promise<Buffer> {
  const sources = [];
  for (const [i, e] of entries.entries()) {
    const path = join(dir, `entry-${i}`);
    await writeFile(path, e.bytes);
    sources.push({ name: e.name, path });
  }
  return streamToBuffer(createReproducibleTarGz(sources, { mtimeSeconds: 0, level }).stream);
}

export const layer = {
  spec: (): FakeLayer => ({ mediaType: PLUGIN_MEDIA_TYPE.spec, bytes: Buffer.from('apiVersion: 1.0.0\n'), title: 'spec.yaml' }),
  readme: (): FakeLayer => ({ mediaType: PLUGIN_MEDIA_TYPE.readme, bytes: Buffer.from('# hi\n'), title: 'README.md' }),
  runtimeConfig: (): FakeLayer => ({ mediaType: PLUGIN_MEDIA_TYPE.runtimeConfig, bytes: Buffer.from('{}') }),
  rawWasm: (bytes: Buffer): FakeLayer => ({ mediaType: PLUGIN_MEDIA_TYPE.wasmContent, bytes, title: 'plugin.wasm' }),
  ociTar: (bytes: Buffer): FakeLayer => ({ mediaType: MEDIA_TYPE.ociLayerTarGzip, bytes, title: 'plugin.tar.gz' }),
  dockerTar: (bytes: Buffer): FakeLayer => ({ mediaType: MEDIA_TYPE.dockerLayerTarGzip, bytes }),
};
