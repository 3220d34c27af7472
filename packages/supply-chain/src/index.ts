/**
 * @hplugin/supply-chain: what a plugin is made of (SBOM), who vouches for it (signature), and how
 * both travel with it in a registry (OCI referrers), without ever changing the plugin's own
 * manifest digest.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HpluginError, UsageError } from '@hplugin/core';
import {
  ANNOTATION,
  RegistryClient,
  bytesBlob,
  headManifest,
  parseReference,
  type Descriptor,
  type RegistryClientOptions,
} from '@hplugin/oci';
import { readWasmBuildInfo } from './buildinfo.js';
import { signManifest, verifyManifest, type SignResult, type VerifyResult } from './cosign.js';
import { loadPrivateKey, loadPublicKey } from './keys.js';
import { attachReferrer, listReferrers, type AttachResult } from './referrers.js';
import { SBOM_FORMATS, SBOM_MEDIA_TYPE, createSbom, type Sbom, type SbomFormat } from './sbom.js';

export { readWasmBuildInfo, parseModInfo, wasmDataSegments, type GoBuildInfo, type GoModule } from './buildinfo.js';
export {
  createSbom,
  parseGoSum,
  goPurl,
  SBOM_FORMATS,
  SBOM_MEDIA_TYPE,
  SBOM_FILE_NAME,
  type Sbom,
  type SbomFormat,
  type SbomInput,
} from './sbom.js';
export { loadPrivateKey, loadPublicKey, generateKeyPair, keyPassword, type GeneratedKeyPair } from './keys.js';
export {
  attachReferrer,
  listReferrers,
  referrersTag,
  type AttachOptions,
  type AttachResult,
  type Referrers,
  type ReferrersMode,
} from './referrers.js';
export {
  signManifest,
  verifyManifest,
  simpleSigningPayload,
  signatureTag,
  SIMPLE_SIGNING_MEDIA_TYPE,
  SIGNATURE_ANNOTATION,
  type SignOptions,
  type SignResult,
  type VerifyResult,
  type VerifiedSignature,
  type SimpleSigningPayload,
} from './cosign.js';

export function assertSbomFormat(value: string): SbomFormat {
  if ((SBOM_FORMATS as readonly string[]).includes(value)) return value as SbomFormat;
  throw new UsageError('SBOM_FORMAT_UNKNOWN', `Unknown SBOM format "${value}".`, { hint: `Use one of: ${SBOM_FORMATS.join(', ')}.` });
}

export interface PluginSbomOptions {
  format: SbomFormat;
  wasmPath: string;
  /** The plugin's folder; its go.sum is read when present. */
  pluginDir: string;
  name: string;
  version: string;
  toolVersion: string;
  /** SOURCE_DATE_EPOCH, seconds; the document's only timestamp. */
  createdSeconds?: number;
}

/** The SBOM of a built plugin module: its embedded build info plus go.sum. */
export async function pluginSbom(options: PluginSbomOptions): Promise<Sbom> {
  const wasm = await readFile(options.wasmPath);
  const goSum = await readFile(join(options.pluginDir, 'go.sum'), 'utf8').catch(() => undefined);
  return createSbom(options.format, {
    name: options.name,
    version: options.version,
    wasmSha256: createHash('sha256').update(wasm).digest('hex'),
    buildInfo: readWasmBuildInfo(wasm, options.wasmPath),
    ...(goSum !== undefined ? { goSum } : {}),
    ...(options.createdSeconds !== undefined ? { createdSeconds: options.createdSeconds } : {}),
    toolVersion: options.toolVersion,
  });
}

/** A registry reference resolved to the manifest it names now. */
export interface ResolvedTarget {
  registry: string;
  repository: string;
  descriptor: Descriptor;
  /** registry/repository@digest: pinned, so nothing can move between a check and its use. */
  pinned: string;
}

export async function resolveTarget(client: RegistryClient, reference: string): Promise<ResolvedTarget> {
  const ref = parseReference(reference);
  const descriptor = await headManifest(client, ref.repository, ref.digest ?? ref.tag ?? 'latest');
  if (!descriptor) {
    throw new HpluginError('SUPPLY_CHAIN_TARGET_NOT_FOUND', `${reference} does not exist in the registry.`, {
      hint: 'Check the reference, or publish first.',
      details: { reference },
    });
  }
  return {
    registry: ref.registry,
    repository: ref.repository,
    descriptor,
    pinned: `${ref.registry}/${ref.repository}@${descriptor.digest}`,
  };
}

/**
 * `client`: a connection the caller already holds to the reference's registry (publish attaches
 * the SBOM and signs on one, so the registry's token is fetched once); the caller closes it.
 */
export interface SharedClientOption {
  client?: RegistryClient;
}

async function withClient<T>(
  reference: string,
  options: RegistryClientOptions & SharedClientOption,
  fn: (client: RegistryClient, target: ResolvedTarget) => Promise<T>,
): Promise<T> {
  const client = options.client ?? new RegistryClient(parseReference(reference).registry, options);
  try {
    return await fn(client, await resolveTarget(client, reference));
  } finally {
    if (!options.client) await client.close();
  }
}

export async function attachSbom(
  options: RegistryClientOptions & SharedClientOption & { reference: string; sbom: Sbom; createdSeconds?: number },
): Promise<AttachResult & { subject: string }> {
  return withClient(options.reference, options, async (client, target) => ({
    subject: target.descriptor.digest,
    ...(await attachReferrer({
      client,
      repository: target.repository,
      subject: target.descriptor,
      artifactType: options.sbom.mediaType,
      layers: [bytesBlob(options.sbom.bytes, options.sbom.mediaType, { [ANNOTATION.title]: options.sbom.fileName })],
      annotations: { [ANNOTATION.created]: new Date((options.createdSeconds ?? 0) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') },
    })),
  }));
}

export async function signReference(
  options: RegistryClientOptions &
    SharedClientOption & { reference: string; keyPath: string; password?: string; annotations?: Record<string, string> },
): Promise<SignResult & { pinned: string }> {
  const privateKey = await loadPrivateKey(options.keyPath, options.password);
  return withClient(options.reference, options, async (client, target) => ({
    pinned: target.pinned,
    ...(await signManifest({
      client,
      repository: target.repository,
      digest: target.descriptor.digest,
      privateKey,
      ...(options.annotations ? { annotations: options.annotations } : {}),
    })),
  }));
}

export interface VerifyReferenceResult extends VerifyResult {
  reference: string;
  pinned: string;
  /** The SBOMs attached to it (any format). */
  sboms: Descriptor[];
}

/** Verify `reference` against a public key; throws SIGNATURE_NOT_FOUND / SIGNATURE_INVALID. */
export async function verifyReference(
  options: RegistryClientOptions & { reference: string; keyPath: string; password?: string },
): Promise<VerifyReferenceResult> {
  const publicKey = await loadPublicKey(options.keyPath, options.password);
  return withClient(options.reference, options, async (client, target) => {
    const result = await verifyManifest({
      client,
      repository: target.repository,
      digest: target.descriptor.digest,
      publicKey,
      what: options.reference,
    });
    const referrers = await listReferrers(client, target.repository, target.descriptor.digest);
    const sboms = referrers.manifests.filter((d) => Object.values(SBOM_MEDIA_TYPE).includes(d.artifactType ?? ''));
    return { ...result, reference: options.reference, pinned: target.pinned, sboms };
  });
}
