/**
 * Reading one tagged artifact out of a local OCI layout as upload sources. The layout verified each
 * blob against its digest when it was written, so the digests in the manifest are trusted here and
 * blobs are streamed straight from disk (not hashed a second time); the registry checks them again.
 */
import { createReadStream } from 'node:fs';
import { UsageError } from '@hplugin/core';
import { OciLayout, checkGatewayFormat, type GatewayVerdict } from '@hplugin/artifact';
import type { BlobSource, Descriptor, ImageManifest } from '@hplugin/oci';

export interface LayoutArtifact {
  layout: OciLayout;
  descriptor: Descriptor;
  bytes: Buffer;
  manifest: ImageManifest;
  blobs: BlobSource[];
  verdict: GatewayVerdict;
}

const READ_CHUNK = 1024 * 1024;

export async function readLayoutArtifact(layoutDir: string, tag: string): Promise<LayoutArtifact> {
  const layout = await OciLayout.open(layoutDir);
  const descriptor = await layout.resolve(tag);
  const bytes = await layout.readBlob(descriptor.digest);
  let manifest: ImageManifest;
  try {
    manifest = JSON.parse(bytes.toString('utf8')) as ImageManifest;
  } catch (cause) {
    throw new UsageError('MANIFEST_INVALID', `The manifest ${descriptor.digest} in ${layoutDir} is not JSON.`, { hint: 'Package the plugin again.', cause });
  }
  const verdict = await checkGatewayFormat(manifest, descriptor.mediaType, async (d) => layout.openBlob(d.digest));
  const blobs = [manifest.config, ...manifest.layers].map((d): BlobSource => {
    const path = layout.blobPath(d.digest);
    return {
      descriptor: d,
      open: () => createReadStream(path, { highWaterMark: READ_CHUNK }),
      openRange: (start, end) => createReadStream(path, { start, end: end - 1, highWaterMark: READ_CHUNK }),
    };
  });
  return { layout, descriptor, bytes, manifest, blobs, verdict };
}
