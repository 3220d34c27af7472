/**
 * `hplugin inspect <ref>` against a registry: what the reference names, the image the gateway would
 * load from it (an index resolved to its linux/amd64 child), that image's layers, and the verdict.
 */
import {
  ANNOTATION,
  RegistryClient,
  parseReference,
  type Descriptor,
  type ManifestDocument,
  type RegistryClientOptions,
} from '@hplugin/oci';
import { judgeForGateway, type GatewayVerdict } from '@hplugin/artifact';
import { registrySource } from './registry-source.js';

export interface RemoteInspection {
  reference: string;
  /** What the reference names: an index, or the image itself. */
  descriptor: Descriptor;
  /** The image manifest the gateway loads (for an index: its linux/amd64 child). */
  manifest: ManifestDocument;
  layers: Array<{ title?: string; mediaType: string; digest: string; size: number }>;
  verdict: GatewayVerdict;
}

export async function inspectRemote(reference: string, options: RegistryClientOptions = {}): Promise<RemoteInspection> {
  const ref = parseReference(reference);
  const client = new RegistryClient(ref.registry, options);
  try {
    const judged = await judgeForGateway(registrySource(client, ref.repository), ref.digest ?? ref.tag ?? 'latest');
    const descriptor: Descriptor = { mediaType: judged.top.mediaType, digest: judged.top.digest, size: judged.top.bytes.length };
    const manifest = judged.image?.manifest ?? judged.top.document;
    const layers = (manifest.layers ?? []).map((l) => ({
      ...(l.annotations?.[ANNOTATION.title] ? { title: l.annotations[ANNOTATION.title] } : {}),
      mediaType: l.mediaType,
      digest: l.digest,
      size: l.size,
    }));
    return { reference: `${ref.registry}/${ref.repository}@${descriptor.digest}`, descriptor, manifest, layers, verdict: judged.verdict };
  } finally {
    await client.close();
  }
}
