/** `hplugin inspect`: what a layout holds under a tag, and whether the gateway would load it. */
import { UsageError } from '@hplugin/core';
import { ANNOTATION, type Descriptor, type ImageManifest } from '@hplugin/oci';
import { checkGatewayFormat, type GatewayVerdict } from './gateway/check.js';
import { OciLayout } from './layout/oci-layout.js';

export interface InspectedLayer {
  title?: string;
  mediaType: string;
  digest: string;
  size: number;
}

export interface LayoutInspection {
  tag: string;
  manifest: ImageManifest;
  descriptor: Descriptor;
  layers: InspectedLayer[];
  verdict: GatewayVerdict;
}

/** `tag` may be a tag or a manifest digest; without one, the layout's only tag is used. */
export async function inspectLayout(dir: string, tag?: string): Promise<LayoutInspection> {
  const layout = await OciLayout.open(dir);
  const ref = tag ?? (await onlyTag(layout));
  const { descriptor, manifest } = await layout.readManifest(ref);
  const verdict = await checkGatewayFormat(manifest, descriptor.mediaType, async (d) => layout.openBlob(d.digest));
  const layers = (Array.isArray(manifest.layers) ? manifest.layers : []).map((l) => ({
    ...(l.annotations?.[ANNOTATION.title] ? { title: l.annotations[ANNOTATION.title] } : {}),
    mediaType: l.mediaType,
    digest: l.digest,
    size: l.size,
  }));
  return { tag: ref, manifest, descriptor, layers, verdict };
}

async function onlyTag(layout: OciLayout): Promise<string> {
  const tags = await layout.tags();
  if (tags.length === 1) return tags[0]!;
  throw new UsageError('LAYOUT_TAG_REQUIRED', tags.length ? `The OCI layout ${layout.dir} holds several tags: ${tags.join(', ')}.` : `The OCI layout ${layout.dir} holds no tagged manifest.`, {
    hint: tags.length ? 'Name the tag to inspect.' : 'Run `hplugin package` first.',
  });
}
