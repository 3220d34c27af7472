/** `hplugin inspect`: what a layout holds under a tag, and whether the gateway would load it. */
import { UsageError } from '@hplugin/core';
import { ANNOTATION, type Descriptor, type ManifestDocument } from '@hplugin/oci/spec';
import type { GatewayVerdict } from './gateway/check.js';
import { judgeForGateway, type ManifestSource } from './gateway/resolve.js';
import { OciLayout } from './layout/oci-layout.js';

export interface InspectedLayer {
  title?: string;
  mediaType: string;
  digest: string;
  size: number;
}

export interface LayoutInspection {
  tag: string;
  /** The image manifest the gateway loads (for an index: its linux/amd64 child). */
  manifest: ManifestDocument;
  /** What the tag names (an index, or the image itself). */
  descriptor: Descriptor;
  layers: InspectedLayer[];
  verdict: GatewayVerdict;
}

/** `tag` may be a tag or a manifest digest; without one, the layout's only tag is used. */
export async function inspectLayout(dir: string, tag?: string): Promise<LayoutInspection> {
  const layout = await OciLayout.open(dir);
  const ref = tag ?? (await onlyTag(layout));
  const judged = await judgeForGateway(layoutSource(layout), ref);
  const descriptor: Descriptor = { mediaType: judged.top.mediaType, digest: judged.top.digest, size: judged.top.bytes.length };
  const manifest = judged.image?.manifest ?? judged.top.document;
  const verdict = judged.verdict;
  const layers = (manifest.layers ?? []).map((l) => ({
    ...(l.annotations?.[ANNOTATION.title] ? { title: l.annotations[ANNOTATION.title] } : {}),
    mediaType: l.mediaType,
    digest: l.digest,
    size: l.size,
  }));
  return { tag: ref, manifest, descriptor, layers, verdict };
}

/** The layout as the gateway's fetcher would see it in a registry: manifests by tag or digest, blobs verified. */
export function layoutSource(layout: OciLayout): ManifestSource {
  return {
    manifest: async (reference) => {
      const { descriptor, bytes, manifest } = await layout.readManifest(reference);
      return { bytes, digest: descriptor.digest, mediaType: descriptor.mediaType, document: manifest };
    },
    blob: async (d) => layout.openBlob(d.digest),
  };
}

async function onlyTag(layout: OciLayout): Promise<string> {
  const tags = await layout.tags();
  if (tags.length === 1) return tags[0]!;
  throw new UsageError(
    'LAYOUT_TAG_REQUIRED',
    tags.length
      ? `The OCI layout ${layout.dir} holds several tags: ${tags.join(', ')}.`
      : `The OCI layout ${layout.dir} holds no tagged manifest.`,
    {
      hint: tags.length ? 'Name the tag to inspect.' : 'Run `hplugin package` first.',
    },
  );
}
