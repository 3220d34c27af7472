/** A repository of a registry as the gateway verdict reads it: manifests by tag or digest, verified blobs. */
import { fetchBlob, fetchManifest, malformedManifest, manifestDescriptorProblem, type FetchedManifest, type RegistryClient } from '@hplugin/oci';
import type { ManifestSource } from '@hplugin/artifact';

/**
 * The descriptors a manifest or index names (config, layers, manifests) are the registry's word:
 * a `null`, or a digest shaped like a path, is refused here, before the verdict reads any of them.
 * (fetchManifest already refused what is not a JSON object.) Each manifest fetched is also kept in
 * `fetched`, by digest, when given: pull downloads the image it judged without fetching it again.
 */
export function registrySource(client: RegistryClient, repository: string, fetched?: Map<string, FetchedManifest>): ManifestSource {
  return {
    manifest: async (reference, expected) => {
      const got = await fetchManifest(client, repository, reference, expected);
      const problem = manifestDescriptorProblem(got.manifest);
      if (problem) throw malformedManifest(client.context(`read ${repository}:${reference}`), problem);
      fetched?.set(got.descriptor.digest, got);
      return { bytes: got.bytes, digest: got.descriptor.digest, mediaType: got.descriptor.mediaType };
    },
    blob: (d) => fetchBlob(client, repository, d),
  };
}
