/**
 * What a registry (not the gateway) refuses. The gateway's fetcher never reads the manifest's config,
 * so these never change its verdict; they name the registry that refuses the artifact, so a user who
 * does not push there can ignore them.
 */
import { MEDIA_TYPE, type Descriptor } from '@hplugin/oci/spec';

export interface GatewayWarning {
  /** registry: a registry refuses or mangles it; runtime: the fetcher passes it but Envoy will not load it. */
  scope: 'registry' | 'runtime';
  /** Who refuses it (scope registry). */
  registry?: string;
  message: string;
}

export function registryWarnings(config: Descriptor | undefined): GatewayWarning[] {
  if (!config || !config.mediaType) {
    return [
      {
        scope: 'registry',
        registry: 'private registries',
        message: 'The config has no media type; copied into a private registry, such an artifact failed to load (higress#2295).',
      },
    ];
  }
  if (config.mediaType === MEDIA_TYPE.ociEmpty) {
    return [
      {
        scope: 'registry',
        registry: 'Alibaba Cloud ACR',
        message: `The config is the OCI empty descriptor (${MEDIA_TYPE.ociEmpty}), which Alibaba Cloud ACR refuses as "unknown manifest class". hplugin package writes a real config blob.`,
      },
    ];
  }
  if (config.size === 0)
    return [
      { scope: 'registry', registry: 'Harbor', message: 'The config blob is empty (size 0); Harbor answers 500 for such a manifest.' },
    ];
  return [];
}
