/**
 * What `pull` asks of the gateway verdict: which image to download (an index resolved to the
 * linux/amd64 child the gateway would load), and whether to stop before anything is written
 * because the gateway would reject it.
 */
import { HpluginError, type Reporter } from '@hplugin/core';
import { MEDIA_TYPE, parseReference, RegistryClient, type Descriptor, type FetchedManifest, type Reference } from '@hplugin/oci';
import { PLUGIN_MEDIA_TYPE, resolveGatewayImage, type GatewayVerdict } from '@hplugin/artifact';
import { registrySource } from './registry-source.js';

export interface PullTarget {
  /** The image to download: the reference itself, or the index child by digest. */
  reference: Reference;
  /** Set when the reference named an index. */
  index?: { digest: string };
  /** Why the gateway finds no image to load (an index without a linux/amd64 child). */
  problem?: string;
  /** The media type the index gives the child (the fetcher reads it as that). */
  mediaType?: string;
  /** The image manifest as fetched while resolving (absent with `problem`): pull does not fetch it again. */
  manifest?: FetchedManifest;
}

export async function resolvePullTarget(reference: string, client: RegistryClient): Promise<PullTarget> {
  const ref = parseReference(reference);
  const fetched = new Map<string, FetchedManifest>();
  const resolved = await resolveGatewayImage(registrySource(client, ref.repository, fetched), ref.digest ?? ref.tag ?? 'latest');
  if ('problem' in resolved) return { reference: ref, problem: resolved.problem };
  const manifest = fetched.get(resolved.image.digest);
  if (resolved.image === resolved.top) return { reference: ref, manifest };
  const { tag: _tag, ...repository } = ref;
  return {
    reference: { ...repository, digest: resolved.image.digest },
    index: { digest: resolved.top.digest },
    mediaType: resolved.image.mediaType,
    manifest,
  };
}

/**
 * An index without a linux/amd64 image names nothing the gateway would load, and nothing to
 * download: refused before any download, forced or not (pullArtifact would only find an index).
 */
export function refuseUnresolved(target: PullTarget, reference: string): void {
  if (target.problem === undefined) return;
  const verdict: GatewayVerdict = { ok: false, reason: target.problem, problems: [target.problem], warnings: [] };
  throw new HpluginError('PULL_GATEWAY_WOULD_REJECT', `Not extracting ${reference}: a Higress gateway would reject it. ${target.problem}`, {
    hint: 'The index names no image the gateway would load, so there is nothing to extract, even with --force.',
    details: { verdict },
  });
}

/** Stop a pull the gateway would reject, unless forced; forced, say so and go on. */
export function refuseRejected(verdict: GatewayVerdict, reference: string, force: boolean | undefined, reporter: Reporter): void {
  if (verdict.ok) return;
  if (force) {
    reporter.warn(
      `A Higress gateway would reject this artifact: ${verdict.reason} Extracting anyway (--force).`,
      'PULL_GATEWAY_WOULD_REJECT',
    );
    return;
  }
  throw new HpluginError('PULL_GATEWAY_WOULD_REJECT', `Not extracting ${reference}: a Higress gateway would reject it. ${verdict.reason}`, {
    hint:
      verdict.problems.length > 1
        ? `All problems:\n  - ${verdict.problems.join('\n  - ')}\nPass --force to extract it anyway.`
        : 'Pass --force to extract it anyway.',
    details: { verdict },
  });
}

const MODULE_CARRIERS: readonly string[] = [MEDIA_TYPE.ociLayerTarGzip, MEDIA_TYPE.dockerLayerTarGzip, PLUGIN_MEDIA_TYPE.wasmContent];

/**
 * The layers to write out: the docs, and of the layers that may carry a module only the one the
 * gateway takes it from (two raw layers: the first; two tar.gz layers: the last), so the plugin.wasm
 * written is the module the gateway loads. Without a verdict module (a forced pull), all of them.
 */
export function layersToExtract(layers: Descriptor[], verdict: GatewayVerdict): Descriptor[] {
  const from = verdict.wasm?.layer;
  if (!from) return layers;
  return layers.filter((l) => !MODULE_CARRIERS.includes(l.mediaType) || l.digest === from);
}
