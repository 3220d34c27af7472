/** Pushes a shape with our OCI client: an index's children first (by digest), then the shape under `tag`. */
import { pushArtifact, sha256Digest } from '@hplugin/oci';
import type { RegistryHandle } from '../harness/index.js';
import type { ShapeManifest } from './shapes.js';

export async function pushShape(registry: RegistryHandle, manifest: ShapeManifest, repository: string, tag?: string): Promise<string> {
  for (const child of manifest.children) await pushShape(registry, child, repository);
  const result = await pushArtifact({
    reference: `${registry.host}/${repository}${tag ? `:${tag}` : `@${sha256Digest(manifest.bytes)}`}`,
    manifest: { bytes: manifest.bytes, mediaType: manifest.mediaType },
    blobs: manifest.blobs,
  });
  return result.digest;
}
