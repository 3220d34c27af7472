/**
 * Would a Higress gateway load this image? The verdict is the gateway's image fetcher's (istio
 * pkg/wasm/imagefetcher.go, which Higress runs), step for step, and test/gateway/differential.test.ts
 * holds it equal to that code on every shape it knows:
 * 1. a manifest whose mediaType field is the Docker schema2 type: the LAST layer must have the Docker
 *    tar.gz type; its first plugin.wasm is the module. No other way is tried.
 * 2. otherwise ("compat"): the LAST layer has the OCI tar+gzip type; its first plugin.wasm is the module;
 * 3. else ("oci"): exactly two layers, the first of the raw wasm type is the module (256 MiB at most read).
 * 4. the bytes found must be at least 8 bytes starting with `\0asm`.
 * A layer's media type is looked up by its digest, as the fetcher does: the config's when the config
 * has the same digest, else the first layer with that digest.
 *
 * What registries (not the gateway) refuse, and what passes the fetcher but not Envoy's runtime,
 * are warnings naming who refuses it; they never change the verdict.
 */
import { isHpluginError } from '@hplugin/core';
import { MEDIA_TYPE, parseManifestDocument, sha256Digest, type Descriptor, type ManifestDocument } from '@hplugin/oci/spec';
import { PLUGIN_MEDIA_TYPE } from '../media-types.js';
import {
  extractFromTarGz,
  extractRawLayer,
  type BlobReader,
  type Extraction,
  type ExtractedModule,
  type KnownArchives,
} from './variants.js';
import { invalidModuleReason, runtimeWarnings } from './wasm-bytes.js';
import { registryWarnings, type GatewayWarning } from './warnings.js';

export type { BlobReader } from './variants.js';
export type { GatewayWarning } from './warnings.js';

/** docker: schema2 manifest, tar.gz last layer; compat: OCI manifest, tar.gz last layer; oci: two layers, raw module. */
export type GatewayVariant = 'docker' | 'compat' | 'oci';

export interface GatewayVerdict {
  /** The gateway's fetcher accepts it and hands Envoy a module. */
  ok: boolean;
  /** How the gateway finds the module (set when ok). */
  variant?: GatewayVariant;
  /** One sentence: why it is accepted, or why not. */
  reason: string;
  /** Why each way of finding the module failed, the most relevant first; empty when ok. */
  problems: string[];
  /** Registry and runtime concerns that do not change the gateway's verdict. */
  warnings: GatewayWarning[];
  /** The module the gateway would load: sha256 and size of the extracted bytes, and the layer they come from. */
  wasm?: { digest: string; size: number; layer: string };
  /**
   * The image manifest the gateway loads and pins: a WasmPlugin `sha256` must equal this digest
   * (without "sha256:"). For an image index it is the linux/amd64 child, never the index.
   */
  pinned?: { digest: string; mediaType: string; index?: string };
}

const VARIANT_TEXT: Record<GatewayVariant, string> = {
  docker: 'a Docker image whose last layer holds plugin.wasm',
  compat: 'an OCI image whose last layer (plugin.tar.gz) holds plugin.wasm',
  oci: 'the two-layer wasm variant (runtime config + raw module)',
};

const INDEX_TYPES: readonly string[] = [MEDIA_TYPE.imageIndex, MEDIA_TYPE.dockerManifestList];

export function isIndexMediaType(mediaType: string | undefined): boolean {
  return mediaType !== undefined && INDEX_TYPES.includes(mediaType);
}

/**
 * The verdict on one image manifest. `mediaType` is what the registry or layout recorded for it; an
 * index must be resolved first (resolve.ts): here it is rejected, as it names no layers.
 */
export async function checkGatewayFormat(
  manifest: ManifestDocument | Uint8Array | string,
  mediaType: string | undefined,
  readBlob: BlobReader,
  known?: KnownArchives,
): Promise<GatewayVerdict> {
  let parsed: ManifestDocument;
  if (typeof manifest === 'string' || manifest instanceof Uint8Array) {
    // A shape the fetcher's json.Unmarshal refuses (layers that are no list, a layer without a
    // digest) is refused here too, as a verdict: the same bytes fail fetchManifest before this.
    const result = parseManifestDocument(manifest);
    if (result.problem !== undefined) {
      if (!result.json) return fail(['The manifest is not JSON.']);
      return fail([`The manifest ${result.problem}.`]);
    }
    parsed = result.document;
  } else parsed = manifest;
  const pinned =
    typeof manifest === 'string' || manifest instanceof Uint8Array
      ? { digest: sha256Digest(manifest), mediaType: mediaType ?? parsed.mediaType ?? MEDIA_TYPE.imageManifest }
      : undefined;
  if (isIndexMediaType(mediaType)) {
    return fail([
      'This is an image index (a list of manifests): the gateway loads the linux/amd64 image it lists, which must be resolved first.',
    ]);
  }
  const warnings = registryWarnings(parsed.config);
  const layers: Descriptor[] = parsed.layers ?? [];
  const typeOf = (d: Descriptor): string => mediaTypeByDigest(parsed, layers, d);
  const found =
    parsed.mediaType === MEDIA_TYPE.dockerManifest
      ? await dockerVariant(layers, typeOf, readBlob, known)
      : await ociVariants(layers, typeOf, readBlob, known);
  if ('problems' in found) return fail(found.problems, warnings, pinned);
  const invalid = invalidModuleReason(found.module);
  if (invalid) return fail([`${capitalize(invalid)}.`], warnings, pinned);
  return {
    ok: true,
    variant: found.variant,
    reason: `The gateway will load it as ${VARIANT_TEXT[found.variant]}.`,
    problems: [],
    warnings: [...warnings, ...runtimeWarnings(found.module).map((message): GatewayWarning => ({ scope: 'runtime', message }))],
    wasm: { digest: found.module.digest, size: found.module.size, layer: found.module.layer },
    ...(pinned ? { pinned } : {}),
  };
}

type Found = { module: ExtractedModule; variant: GatewayVariant } | { problems: string[] };
type TypeOf = (d: Descriptor) => string;

/** The fetcher finds a layer's media type by digest: the config's if it has that digest, else the first layer's. */
function mediaTypeByDigest(m: ManifestDocument, layers: Descriptor[], d: Descriptor): string {
  if (m.config && m.config.digest === d.digest) return m.config.mediaType;
  return layers.find((l) => l.digest === d.digest)!.mediaType;
}

/** A Docker schema2 manifest: only its last layer, only with the Docker tar.gz type. */
async function dockerVariant(layers: Descriptor[], typeOf: TypeOf, readBlob: BlobReader, known?: KnownArchives): Promise<Found> {
  const last = layers[layers.length - 1];
  if (!last) return { problems: ['The Docker manifest has no layers, so there is no module to load.'] };
  if (typeOf(last) !== MEDIA_TYPE.dockerLayerTarGzip) {
    return {
      problems: [
        `The last layer of a Docker (schema2) manifest must be ${MEDIA_TYPE.dockerLayerTarGzip}, not ${typeOf(last)}; the gateway tries no other way for a Docker manifest.`,
      ],
    };
  }
  return found(await guarded(() => extractFromTarGz(last, readBlob, known)), 'docker');
}

/** An OCI manifest: the compat way (tar.gz last), then the two-layer raw way. */
async function ociVariants(layers: Descriptor[], typeOf: TypeOf, readBlob: BlobReader, known?: KnownArchives): Promise<Found> {
  const last = layers[layers.length - 1];
  let compatFailure: string;
  if (!last) compatFailure = 'The manifest has no layers, so there is no module to load.';
  else if (typeOf(last) !== MEDIA_TYPE.ociLayerTarGzip) compatFailure = lastLayerTypeProblem(layers, typeOf);
  else {
    const compat = await guarded(() => extractFromTarGz(last, readBlob, known));
    // Bytes found in the tar.gz are the module, valid or not: the fetcher tries no other way then.
    if ('module' in compat) return { module: compat.module, variant: 'compat' };
    compatFailure = `${capitalize(compat.failure)}.`;
  }

  const raw = layers.find((l) => typeOf(l) === PLUGIN_MEDIA_TYPE.wasmContent);
  let ociFailure: string;
  if (layers.length !== 2) ociFailure = rawLayerCountProblem(layers.length, raw !== undefined);
  else if (!raw) ociFailure = `Neither of the two layers has the raw module type ${PLUGIN_MEDIA_TYPE.wasmContent}.`;
  else {
    const oci = await guarded(() => extractRawLayer(raw, readBlob));
    if ('module' in oci) return { module: oci.module, variant: 'oci' };
    ociFailure = `${capitalize(oci.failure)}.`;
  }
  // Both ways failed: first the explanation of the shape the author evidently meant.
  return { problems: raw ? [ociFailure, compatFailure] : [compatFailure, ociFailure] };
}

function lastLayerTypeProblem(layers: Descriptor[], typeOf: TypeOf): string {
  const last = layers[layers.length - 1]!;
  const tarAt = layers.findIndex((l) => typeOf(l) === MEDIA_TYPE.ociLayerTarGzip);
  if (tarAt >= 0)
    return `The tar.gz is layer ${tarAt + 1} of ${layers.length}; the gateway only looks in the LAST layer for plugin.wasm. Put plugin.tar.gz last.`;
  if (typeOf(last) === MEDIA_TYPE.dockerLayerTarGzip) {
    return `The last layer has the Docker layer type (${MEDIA_TYPE.dockerLayerTarGzip}) in an OCI manifest; the gateway reads that type only in a Docker schema2 manifest. Use ${MEDIA_TYPE.ociLayerTarGzip}.`;
  }
  return `The last layer is ${typeOf(last)}, not a tar.gz (${MEDIA_TYPE.ociLayerTarGzip}) holding plugin.wasm.`;
}

function rawLayerCountProblem(count: number, hasRaw: boolean): string {
  if (!hasRaw)
    return `It is not the two-layer raw variant either (that needs exactly 2 layers, one of type ${PLUGIN_MEDIA_TYPE.wasmContent}; this has ${count}).`;
  if (count === 1) {
    return (
      'The manifest has a single raw wasm layer. The gateway accepts raw wasm only as the two-layer variant (runtime config + module); ' +
      'this exact shape was rejected by every gateway in higress#4528. Package with format "higress" (tar.gz) or "wasm-oci" (two layers).'
    );
  }
  return (
    `A raw wasm layer sits among ${count} layers; the gateway fails with "number of layers must be 2 but got ${count}" (higress#4014). ` +
    'Doc layers (spec.yaml, README) need the module inside a plugin.tar.gz LAST layer instead.'
  );
}

function found(extraction: Extraction, variant: GatewayVariant): Found {
  return 'module' in extraction ? { module: extraction.module, variant } : { problems: [`${capitalize(extraction.failure)}.`] };
}

/** A blob that cannot be read (missing, corrupt) is a reason to reject, stated as such. */
async function guarded(run: () => Promise<Extraction>): Promise<Extraction> {
  try {
    return await run();
  } catch (err) {
    if (isHpluginError(err)) return { failure: err.message.replace(/\.$/, '') };
    throw err;
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function fail(problems: string[], warnings: GatewayWarning[] = [], pinned?: GatewayVerdict['pinned']): GatewayVerdict {
  return {
    ok: false,
    reason: problems[0] ?? 'The artifact is not in a format the gateway loads.',
    problems,
    warnings,
    ...(pinned ? { pinned } : {}),
  };
}
