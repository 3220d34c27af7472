/** A repository of a registry as the gateway verdict reads it: manifests by tag or digest, verified blobs. */
import { fetchBlob, fetchManifest, malformedManifest, manifestDescriptorProblem, type RegistryClient } from '@hplugin/oci';
import type { ManifestSource } from '@hplugin/artifact';

/**
 * The descriptors a manifest or index names (config, layers, manifests) are the registry's word:
 * a `null`, or a digest shaped like a path, is refused here, before the verdict reads any of them.
 * (fetchManifest already refused what is not a JSON object.)
 */
export function registrySource(client: RegistryClient, repository: string): ManifestSource {
  return {
    manifest: async (reference, expected) => {
      const fetched = await fetchManifest(client, repository, reference, expected);
      const problem = manifestDescriptorProblem(fetched.manifest);
      if (problem) throw malformedManifest(client.context(`read ${repository}:${reference}`), problem);
      return { bytes: fetched.bytes, digest: fetched.descriptor.digest, mediaType: fetched.descriptor.mediaType };
    },
    blob: (d) => fetchBlob(client, repository, d),
  };
}
