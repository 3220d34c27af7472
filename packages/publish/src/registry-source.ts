/** A repository of a registry as the gateway verdict reads it: manifests by tag or digest, verified blobs. */
import { fetchBlob, fetchManifest, type FetchedManifest, type RegistryClient } from '@hplugin/oci';
import type { ManifestSource } from '@hplugin/artifact';

/**
 * fetchManifest refuses a manifest or index whose descriptors are unusable (a `null`, a digest
 * shaped like a path) before the verdict reads any of them. Each manifest fetched is also kept in
 * `fetched`, by digest, when given: pull downloads the image it judged without fetching it again.
 */
export function registrySource(client: RegistryClient, repository: string, fetched?: Map<string, FetchedManifest>): ManifestSource {
  return {
    manifest: async (reference, expected) => {
      const got = await fetchManifest(client, repository, reference, expected);
      fetched?.set(got.descriptor.digest, got);
      return { bytes: got.bytes, digest: got.descriptor.digest, mediaType: got.descriptor.mediaType, document: got.manifest };
    },
    blob: (d) => fetchBlob(client, repository, d),
  };
}
