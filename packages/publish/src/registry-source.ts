/** A repository of a registry as the gateway verdict reads it: manifests by tag or digest, verified blobs. */
import { descriptorProblem, fetchBlob, fetchManifest, malformedManifest, type RegistryClient } from '@hplugin/oci';
import type { ManifestSource } from '@hplugin/artifact';

/**
 * The descriptors a manifest or index names (config, layers, manifests) are the registry's word:
 * a `null`, or a digest shaped like a path, is refused here, before the verdict reads any of them.
 */
function malformedDescriptor(bytes: Buffer): string | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined; // Not JSON: the verdict itself says the gateway cannot read it.
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return 'is not a JSON object';
  const { config, layers, manifests } = doc as Record<string, unknown>;
  if (config !== undefined) {
    const problem = descriptorProblem(config);
    if (problem) return `has a config that ${problem}`;
  }
  for (const [field, list] of [['layer', layers], ['child manifest', manifests]] as const) {
    if (!Array.isArray(list)) continue;
    const problem = list.map(descriptorProblem).find((p) => p !== undefined);
    if (problem) return `has a ${field} that ${problem}`;
  }
  return undefined;
}

export function registrySource(client: RegistryClient, repository: string): ManifestSource {
  return {
    manifest: async (reference, expected) => {
      const fetched = await fetchManifest(client, repository, reference, expected);
      const problem = malformedDescriptor(fetched.bytes);
      if (problem) throw malformedManifest(client.context(`read ${repository}:${reference}`), problem);
      return { bytes: fetched.bytes, digest: fetched.descriptor.digest, mediaType: fetched.descriptor.mediaType };
    },
    blob: (d) => fetchBlob(client, repository, d),
  };
}
