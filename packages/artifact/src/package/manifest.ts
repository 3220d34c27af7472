/**
 * The manifest and its config, serialised with a fixed key order and no whitespace, so that the
 * same inputs give the same bytes and therefore the same digest (which is what the gateway pins).
 */
import { MEDIA_TYPE, type Descriptor, type ImageManifest } from '@hplugin/oci/spec';

import type { PackageFormat } from '@hplugin/rules';

/** The artifact layouts, defined in @hplugin/rules; each has its branch in package-plugin.ts (layers.ts writes them). */
export type ArtifactFormat = PackageFormat;

export interface PluginConfigInputs {
  name: string;
  version: string;
  format: ArtifactFormat;
  module: { digest: string; size: number };
}

/**
 * The config blob (media type PLUGIN_MEDIA_TYPE.pluginConfig in media-types.ts): a few facts about the plugin, so the
 * config is real and non-empty (see media-types.ts for why) and names the exact module inside.
 */
export function pluginConfigBytes(inputs: PluginConfigInputs): Buffer {
  const config = {
    schemaVersion: 1,
    name: inputs.name,
    version: inputs.version,
    format: inputs.format,
    module: { mediaType: 'application/wasm', digest: inputs.module.digest, size: inputs.module.size },
  };
  return Buffer.from(JSON.stringify(config), 'utf8');
}

export function manifestBytes(config: Descriptor, layers: Descriptor[], annotations: Record<string, string>): Buffer {
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPE.imageManifest,
    config: descriptor(config),
    layers: layers.map(descriptor),
    ...(Object.keys(annotations).length ? { annotations } : {}),
  };
  return Buffer.from(JSON.stringify(manifest), 'utf8');
}

function descriptor(d: Descriptor): Descriptor {
  return { mediaType: d.mediaType, digest: d.digest, size: d.size, ...(d.annotations ? { annotations: d.annotations } : {}) };
}
