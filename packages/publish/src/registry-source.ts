/** A repository of a registry as the gateway verdict reads it: manifests by tag or digest, verified blobs. */
import { fetchBlob, fetchManifest, type RegistryClient } from '@hplugin/oci';
import type { ManifestSource } from '@hplugin/artifact';

export function registrySource(client: RegistryClient, repository: string): ManifestSource {
  return {
    manifest: async (reference, expected) => {
      const fetched = await fetchManifest(client, repository, reference, expected);
      return { bytes: fetched.bytes, digest: fetched.descriptor.digest, mediaType: fetched.descriptor.mediaType };
    },
    blob: (d) => fetchBlob(client, repository, d),
  };
}
