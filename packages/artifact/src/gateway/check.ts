/**
 * Would a Higress gateway load this artifact, and would the registries and tools around it accept
 * it? The rules are the gateway's image fetcher (docs: higress-plugin-format.md, section 2) plus the
 * incidents that broke real deployments. The answer lists every problem, in words a user can act on.
 */
import { isHpluginError } from '@hplugin/core';
import { MEDIA_TYPE, type Descriptor, type ImageManifest } from '@hplugin/oci';
import { PLUGIN_MEDIA_TYPE } from '../media-types.js';
import { checkRawWasmPair, checkTarLayer, type BlobReader, type VariantResult } from './variants.js';

export type { BlobReader } from './variants.js';

/** docker: schema2 manifest, tar.gz last layer; compat: OCI manifest, tar.gz last layer; oci: two layers, raw module. */
export type GatewayVariant = 'docker' | 'compat' | 'oci';

export interface GatewayVerdict {
  ok: boolean;
  /** How the gateway would find the module (set when it would find one). */
  variant?: GatewayVariant;
  /** One sentence: why it is accepted, or the first reason it is not. */
  reason: string;
  /** Every reason it would fail, first the most important; empty when ok. */
  problems: string[];
  /** The module the gateway would load. */
  wasm?: { digest: string; size: number };
}

const VARIANT_TEXT: Record<GatewayVariant, string> = {
  docker: 'a Docker image whose last layer holds plugin.wasm',
  compat: 'an OCI image whose last layer (plugin.tar.gz) holds plugin.wasm',
  oci: 'the two-layer wasm variant (runtime config + raw module)',
};

export async function checkGatewayFormat(
  manifest: ImageManifest | Uint8Array | string,
  mediaType: string | undefined,
  readBlob: BlobReader,
): Promise<GatewayVerdict> {
  let parsed: ImageManifest;
  try {
    parsed = typeof manifest === 'string' || manifest instanceof Uint8Array ? (JSON.parse(Buffer.from(manifest).toString('utf8')) as ImageManifest) : manifest;
  } catch {
    return fail(['The manifest is not JSON.']);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return fail(['The manifest is not a JSON object.']);
  const type = mediaType ?? parsed.mediaType;
  if (type === MEDIA_TYPE.imageIndex || type === MEDIA_TYPE.dockerManifestList || 'manifests' in (parsed as object)) {
    return fail([
      'This is an image index (a list of manifests), not an image manifest. The gateway resolves an index to a linux/amd64 image and finds no plugin: push the plain manifest.',
    ]);
  }
  if (parsed.schemaVersion !== 2 || !parsed.config || !Array.isArray(parsed.layers)) {
    return fail(['The manifest is not an image manifest (schemaVersion 2 with a config and a layers list).']);
  }
  const problems = [...configProblems(parsed.config), ...pluginServerProblems(parsed.layers)];
  if (parsed.layers.length === 0) return fail([...problems, 'The manifest has no layers, so there is no module to load.']);

  const found = await findModule(parsed, type, readBlob);
  problems.unshift(...found.problems);
  if (problems.length > 0 || !found.variant) return fail(problems);
  return { ok: true, variant: found.variant, reason: `The gateway will load it as ${VARIANT_TEXT[found.variant]}.`, problems: [], ...(found.wasm ? { wasm: found.wasm } : {}) };
}

/** The fetcher's order: Docker media type first; else the compat tar.gz; else the two-layer variant. */
async function findModule(m: ImageManifest, type: string | undefined, readBlob: BlobReader): Promise<VariantResult & { variant?: GatewayVariant }> {
  const last = m.layers[m.layers.length - 1]!;
  if (type === MEDIA_TYPE.dockerManifest) {
    if (last.mediaType !== MEDIA_TYPE.dockerLayerTarGzip) {
      return { problems: [`The last layer of a Docker manifest must be ${MEDIA_TYPE.dockerLayerTarGzip}, not ${last.mediaType}.`] };
    }
    return { ...(await guarded(() => checkTarLayer(last, readBlob))), variant: 'docker' };
  }
  const compat = last.mediaType === MEDIA_TYPE.ociLayerTarGzip ? await guarded(() => checkTarLayer(last, readBlob)) : undefined;
  if (compat && compat.problems.length === 0) return { ...compat, variant: 'compat' };
  const hasRawWasm = m.layers.some((l) => l.mediaType === PLUGIN_MEDIA_TYPE.wasmContent);
  const oci = hasRawWasm ? await guarded(() => checkRawWasmPair(m.layers, readBlob)) : undefined;
  if (oci && oci.problems.length === 0) return { ...oci, variant: 'oci' };
  // Neither worked: explain the shape the author evidently meant.
  if (compat) return compat;
  if (oci) return oci;
  const tarAt = m.layers.findIndex((l) => l.mediaType === MEDIA_TYPE.ociLayerTarGzip || l.mediaType === MEDIA_TYPE.dockerLayerTarGzip);
  if (tarAt >= 0) {
    return { problems: [`The tar.gz is layer ${tarAt + 1} of ${m.layers.length}; the gateway only looks in the LAST layer for plugin.wasm. Put plugin.tar.gz last.`] };
  }
  return {
    problems: [
      `The gateway cannot find the module: the last layer is ${last.mediaType}, not a tar.gz (${MEDIA_TYPE.ociLayerTarGzip}) holding plugin.wasm, and no layer is a raw wasm module.`,
    ],
  };
}

function configProblems(config: Descriptor): string[] {
  if (!config.mediaType) {
    return ['The config has no media type; copied into a private registry such an artifact failed to load (higress#2295).'];
  }
  if (config.mediaType === MEDIA_TYPE.ociEmpty) {
    return ['The config is the OCI empty descriptor (application/vnd.oci.empty.v1+json), which Alibaba ACR rejects as "unknown manifest class". Package with hplugin, which writes a real config blob.'];
  }
  if (config.size === 0) return ['The config blob is empty (size 0); Harbor answers 500 for such a manifest.'];
  return [];
}

/** Higress plugin-server mirrors plugins only when the manifest has exactly one wasm-carrying layer. */
function pluginServerProblems(layers: Descriptor[]): string[] {
  const carriers = layers.filter(
    (l) => l.mediaType === PLUGIN_MEDIA_TYPE.wasmContent || l.mediaType === MEDIA_TYPE.ociLayerTarGzip || l.mediaType === MEDIA_TYPE.dockerLayerTarGzip,
  );
  if (carriers.length <= 1) return [];
  return [`The manifest has ${carriers.length} layers that may carry wasm (raw or tar.gz); Higress plugin-server wants exactly one.`];
}

/** A blob that cannot be read (missing, corrupt) is a reason to reject, stated as such. */
async function guarded(run: () => Promise<VariantResult>): Promise<VariantResult> {
  try {
    return await run();
  } catch (err) {
    if (isHpluginError(err)) return { problems: [err.message] };
    throw err;
  }
}

function fail(problems: string[]): GatewayVerdict {
  return { ok: false, reason: problems[0] ?? 'The artifact is not in a format the gateway loads.', problems };
}
