/**
 * From a reference to the verdict, as the gateway gets there: an image index (OCI index or Docker
 * manifest list) is resolved to its FIRST child whose platform is linux/amd64 (a child without a
 * platform counts as linux/amd64; variant and features are ignored), nested indexes likewise, and
 * the child's manifest digest is what the gateway pins and compares with a WasmPlugin `sha256`.
 * The same code serves a registry and an OCI layout: both are a ManifestSource.
 */
import type { Descriptor, ManifestDocument } from '@hplugin/oci/spec';
import { checkGatewayFormat, isIndexMediaType, type BlobReader, type GatewayVerdict } from './check.js';

export interface SourcedManifest {
  bytes: Buffer;
  digest: string;
  /** The media type the registry served it with (or the layout recorded). */
  mediaType: string;
  /** The bytes parsed once by the source (fetchManifest, the layout reader): descriptors checked. */
  document: ManifestDocument;
}

export interface ManifestSource {
  /** A manifest by tag or digest; `expected` is the descriptor an index gave for it. */
  manifest(reference: string, expected?: Descriptor): Promise<SourcedManifest>;
  blob: BlobReader;
}

export interface GatewayJudgement {
  /** What the reference names (an index, or the image itself). */
  top: SourcedManifest;
  /** The image manifest the gateway loads (the linux/amd64 child of an index); absent when none. */
  image?: SourcedManifest & { manifest: ManifestDocument };
  verdict: GatewayVerdict;
}

const GATEWAY_PLATFORM = { os: 'linux', architecture: 'amd64' };
// Indexes inside indexes are legal; a chain this deep is not a plugin.
const MAX_INDEX_DEPTH = 8;

export type GatewayResolution = { top: SourcedManifest; image: SourcedManifest } | { top: SourcedManifest; problem: string };

/** The image manifest the gateway would load from `reference` (only manifests are read, no layers). */
export async function resolveGatewayImage(source: ManifestSource, reference: string): Promise<GatewayResolution> {
  const top = await source.manifest(reference);
  let current = top;
  for (let depth = 0; isIndexMediaType(current.mediaType); depth++) {
    const child = depth < MAX_INDEX_DEPTH ? pickChild(current) : { problem: `Image indexes are nested more than ${MAX_INDEX_DEPTH} deep.` };
    if ('problem' in child) return { top, problem: child.problem };
    // The fetcher asks for the child with the media type the index gives it, and treats it as that.
    current = { ...(await source.manifest(child.digest, child)), mediaType: child.mediaType };
  }
  return { top, image: current };
}

export async function judgeForGateway(source: ManifestSource, reference: string): Promise<GatewayJudgement> {
  const resolved = await resolveGatewayImage(source, reference);
  const { top } = resolved;
  if ('problem' in resolved) return { top, verdict: { ok: false, reason: resolved.problem, problems: [resolved.problem], warnings: [] } };
  const verdict = await checkGatewayFormat(resolved.image.bytes, resolved.image.mediaType, source.blob);
  if (verdict.pinned && resolved.image !== top) verdict.pinned.index = top.digest;
  return { top, image: { ...resolved.image, manifest: resolved.image.document }, verdict };
}

function pickChild(index: SourcedManifest): Descriptor | { problem: string } {
  // The fetcher reads an index without a manifests list as an empty one.
  const manifests = index.document.manifests ?? [];
  const child = manifests.find((d) => {
    const p = d.platform ?? GATEWAY_PLATFORM;
    return p.os === GATEWAY_PLATFORM.os && p.architecture === GATEWAY_PLATFORM.architecture;
  });
  if (child) return child;
  const listed = manifests.map((d) =>
    d.platform ? `${d.platform.os}/${d.platform.architecture}${d.platform.variant ? `/${d.platform.variant}` : ''}` : 'no platform',
  );
  const problem =
    `The image index has no linux/amd64 image (it lists: ${listed.join(', ') || 'nothing'}); the gateway resolves an index to linux/amd64 only. ` +
    'Push the plugin manifest itself, or list it with platform linux/amd64 (or without a platform).';
  return { problem };
}
