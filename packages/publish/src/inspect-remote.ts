/** `hplugin inspect <ref>` against a registry: the manifest, its layers, and the gateway verdict. */
import { ANNOTATION, RegistryClient, descriptorProblem, fetchBlob, malformedManifest, fetchManifest, parseReference, type Descriptor, type ImageManifest, type RegistryClientOptions } from '@hplugin/oci';
import { checkGatewayFormat, type GatewayVerdict } from '@hplugin/artifact';

export interface RemoteInspection {
  reference: string;
  descriptor: Descriptor;
  manifest: ImageManifest;
  layers: Array<{ title?: string; mediaType: string; digest: string; size: number }>;
  verdict: GatewayVerdict;
}

export async function inspectRemote(reference: string, options: RegistryClientOptions = {}): Promise<RemoteInspection> {
  const ref = parseReference(reference);
  const client = new RegistryClient(ref.registry, options);
  try {
    const fetched = await fetchManifest(client, ref.repository, ref.digest ?? ref.tag ?? 'latest');
    const manifest = fetched.manifest as unknown as ImageManifest;
    // Layers are read below as descriptors: a `null` or a path-like digest is the registry's fault, not a bug here.
    const bad = (Array.isArray(manifest.layers) ? manifest.layers : []).map(descriptorProblem).find((p) => p !== undefined);
    if (bad) throw malformedManifest(client.context(`inspect ${reference}`), `has a layer that ${bad}`);
    const verdict = await checkGatewayFormat(fetched.bytes, fetched.descriptor.mediaType, (d) => fetchBlob(client, ref.repository, d));
    const layers = (Array.isArray(manifest.layers) ? manifest.layers : []).map((l) => ({
      ...(l.annotations?.[ANNOTATION.title] ? { title: l.annotations[ANNOTATION.title] } : {}),
      mediaType: l.mediaType,
      digest: l.digest,
      size: l.size,
    }));
    return { reference: `${ref.registry}/${ref.repository}@${fetched.descriptor.digest}`, descriptor: fetched.descriptor, manifest, layers, verdict };
  } finally {
    await client.close();
  }
}
