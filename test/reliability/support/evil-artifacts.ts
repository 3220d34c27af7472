/**
 * Hostile artifacts for the pull cases: tar.gz layers whose entries climb out (`../`), are
 * absolute, or are links, and layers whose title is a path (the tar writer is test/support/hostile-tar.ts).
 */
import { MEDIA_TYPE, bytesBlob, pushArtifact, type BlobSource } from '@hplugin/oci';

import { tarGz, type TarEntry } from '../../support/hostile-tar.js';

export { tarGz, type TarEntry };

/** A minimal valid proxy-wasm-looking module header (only the pull's refusal matters here). */
const WASM = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

export interface EvilLayer {
  title: string;
  mediaType?: string;
  content: Buffer | string;
}

/** Push a Higress-shaped artifact (docs first, tar.gz last) made of these layers with the OCI library. */
export async function pushEvil(registryHost: string, repository: string, layers: EvilLayer[]): Promise<void> {
  const config = bytesBlob('{}', 'application/vnd.oci.image.config.v1+json');
  const blobs: BlobSource[] = layers.map((l) =>
    bytesBlob(l.content, l.mediaType ?? MEDIA_TYPE.ociLayerTarGzip, { 'org.opencontainers.image.title': l.title }),
  );
  const manifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPE.imageManifest,
    config: config.descriptor,
    layers: blobs.map((b) => b.descriptor),
  };
  await pushArtifact({
    reference: `${registryHost}/${repository}:1.0.0`,
    manifest: { bytes: Buffer.from(JSON.stringify(manifest)), mediaType: MEDIA_TYPE.imageManifest },
    blobs: [config, ...blobs],
    plainHttp: true,
    credentials: async () => undefined,
  });
}

export const pluginTar = (entries: TarEntry[]): EvilLayer => ({ title: 'plugin.tar.gz', content: tarGz(entries) });
export const readme: EvilLayer = { title: 'README.md', mediaType: 'application/vnd.module.wasm.doc.v1+markdown', content: '# fine\n' };
export { WASM };
