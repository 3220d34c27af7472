/**
 * A tagged artifact of the layout in the shape the OCI client pushes (`pushArtifact` in
 * @hplugin/oci): the manifest's bytes and one BlobSource per blob it references. Blobs are opened
 * lazily and verified as they stream, so `publish` never sends a damaged blob.
 */
import { createReadStream } from 'node:fs';
import { UsageError } from '@hplugin/core';
import type { BlobSource, Descriptor } from '@hplugin/oci';
import { blobCorrupt, blobNotFound } from './errors.js';
import { OciLayout } from './oci-layout.js';

export interface LayoutArtifact {
  descriptor: Descriptor;
  manifest: { bytes: Buffer; mediaType: string };
  blobs: BlobSource[];
}

export async function readLayoutArtifact(
  dir: string,
  tagOrDigest: string,
  options: { intact?: ReadonlySet<string> } = {},
): Promise<LayoutArtifact> {
  const layout = await OciLayout.open(dir);
  const { descriptor, bytes, manifest: parsed } = await layout.readManifest(tagOrDigest);
  if (!parsed.config || !Array.isArray(parsed.layers)) {
    throw new UsageError('MANIFEST_INVALID', `${tagOrDigest} in ${dir} is not an image manifest (no config or layers).`, {
      hint: 'Package the plugin again.',
    });
  }
  const referenced = [parsed.config, ...parsed.layers];
  for (const d of referenced) if (!(await layout.hasBlob(d.digest))) throw blobNotFound(d.digest, dir);
  const blobs = referenced.map((d): BlobSource => ({
    descriptor: { mediaType: d.mediaType, digest: d.digest, size: d.size },
    // Blobs the caller just confirmed intact are not hashed again; every other one is, as it is read.
    open: () =>
      options.intact?.has(d.digest)
        ? createReadStream(layout.blobPath(d.digest), { highWaterMark: 1024 * 1024 })
        : layout.openBlob(d.digest),
    // A range cannot be verified on its own; the registry checks the whole upload's digest.
    openRange: (start, end) => createReadStream(layout.blobPath(d.digest), { start, end: end - 1 }),
    // The transport reads the file itself through reused buffers, hashing what it sends unless the
    // blob is known intact (the same check as openBlob, without a stream's per-chunk buffers).
    path: layout.blobPath(d.digest),
    ...(options.intact?.has(d.digest) ? {} : { corrupt: (actual: string) => blobCorrupt(d.digest, layout.blobPath(d.digest), actual) }),
  }));
  return { descriptor, manifest: { bytes, mediaType: descriptor.mediaType }, blobs };
}
