/**
 * Signatures in cosign's format, so `cosign verify --key` accepts ours and we accept cosign's:
 *
 * - the signed payload is a "simple signing" JSON document naming the manifest digest
 *   (critical.image.docker-manifest-digest) and the repository (critical.identity.docker-reference);
 * - the signature is ECDSA-SHA256 over exactly those bytes, DER, base64, in the layer annotation
 *   `dev.cosignproject.cosign/signature`;
 * - the payload is a layer of media type application/vnd.dev.cosign.simplesigning.v1+json in an
 *   image manifest tagged `sha256-<hex>.sig` next to the signed manifest; more signatures are more
 *   layers of that manifest.
 *
 * Verification checks the signature against the key AND that the payload names the exact digest
 * being verified, so a valid signature copied onto another artifact's .sig tag fails.
 */
import { sign as ecdsaSign, verify as ecdsaVerify, type KeyObject } from 'node:crypto';
import { HpluginError } from '@hplugin/core';
import {
  MEDIA_TYPE,
  RegistryClient,
  bytesBlob,
  digestHex,
  fetchBlob,
  fetchManifest,
  headManifest,
  pushArtifact,
  type Descriptor,
  type ImageManifest,
} from '@hplugin/oci';

export const SIMPLE_SIGNING_MEDIA_TYPE = 'application/vnd.dev.cosign.simplesigning.v1+json';
export const SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';
export const COSIGN_SIGNATURE_TYPE = 'cosign container image signature';
const OCI_CONFIG_MEDIA_TYPE = 'application/vnd.oci.image.config.v1+json';
// A payload is a few hundred bytes; a big "payload" is an attack on memory, not a signature.
const MAX_PAYLOAD_BYTES = 1024 * 1024;
// Each signature layer costs a blob download; a .sig tag with thousands of layers is an attack on
// the verifier's time, so only this many are examined.
export const MAX_SIGNATURE_LAYERS = 64;

export interface SimpleSigningPayload {
  critical: {
    identity: { 'docker-reference': string };
    image: { 'docker-manifest-digest': string };
    type: string;
  };
  optional: Record<string, unknown> | null;
}

export function signatureTag(digest: string): string {
  return `sha256-${digestHex(digest)}.sig`;
}

/** The payload bytes, with cosign's key order (Go marshals struct fields in declaration order). */
export function simpleSigningPayload(dockerReference: string, digest: string, optional: Record<string, unknown> | null = null): Buffer {
  const payload: SimpleSigningPayload = {
    critical: {
      identity: { 'docker-reference': dockerReference },
      image: { 'docker-manifest-digest': digest },
      type: COSIGN_SIGNATURE_TYPE,
    },
    optional,
  };
  return Buffer.from(JSON.stringify(payload));
}

async function readSmallBlob(client: RegistryClient, repository: string, d: Descriptor): Promise<Buffer> {
  if (d.size > MAX_PAYLOAD_BYTES) throw new Error(`its payload is ${d.size} bytes, more than a signature payload can be`);
  const chunks: Buffer[] = [];
  for await (const chunk of await fetchBlob(client, repository, d)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The image config go-containerregistry writes for a signature image: one diff id per layer. */
function signatureConfig(layers: Descriptor[]): Buffer {
  const created = '0001-01-01T00:00:00Z';
  return Buffer.from(
    JSON.stringify({
      architecture: '',
      created,
      history: layers.map(() => ({ created })),
      os: '',
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
      config: {},
    }),
  );
}

/** The layers of the signature manifest under `tag` (fetchManifest checked each), or undefined when there is none. */
async function existingSignatureLayers(client: RegistryClient, repository: string, tag: string): Promise<Descriptor[] | undefined> {
  if (!(await headManifest(client, repository, tag))) return undefined;
  return (await fetchManifest(client, repository, tag)).manifest.layers;
}

export interface SignOptions {
  client: RegistryClient;
  repository: string;
  /** The manifest being signed. */
  digest: string;
  privateKey: KeyObject;
  /** Extra claims (cosign's -a key=value), stored in the payload's `optional`. */
  annotations?: Record<string, string>;
}

export interface SignResult {
  digest: string;
  tag: string;
  /** The digest of the .sig manifest written. */
  signatureManifest: string;
  /** Signatures now under the tag (earlier ones are kept). */
  signatures: number;
}

export async function signManifest(options: SignOptions): Promise<SignResult> {
  const { client, repository, digest } = options;
  const payload = simpleSigningPayload(
    `${client.registry}/${repository}`,
    digest,
    options.annotations && Object.keys(options.annotations).length ? options.annotations : null,
  );
  const signature = ecdsaSign('sha256', payload, options.privateKey).toString('base64');
  const layer = bytesBlob(payload, SIMPLE_SIGNING_MEDIA_TYPE, { [SIGNATURE_ANNOTATION]: signature });
  const tag = signatureTag(digest);
  const existing = (await existingSignatureLayers(client, repository, tag)) ?? [];
  // The payload for one digest is always the same bytes, so a re-sign adds a layer with the same
  // digest but another signature (ECDSA is randomized): keep both, as cosign does.
  const layers = [...existing, layer.descriptor];
  const config = bytesBlob(signatureConfig(layers), OCI_CONFIG_MEDIA_TYPE);
  const manifest: ImageManifest = { schemaVersion: 2, mediaType: MEDIA_TYPE.imageManifest, config: config.descriptor, layers };
  const pushed = await pushArtifact({
    client,
    reference: { registry: client.registry, repository, tag },
    manifest: { bytes: Buffer.from(JSON.stringify(manifest)), mediaType: MEDIA_TYPE.imageManifest },
    // Earlier layers are in the registry already; only their descriptors are repeated.
    blobs: [config, layer],
  });
  return { digest, tag, signatureManifest: pushed.digest, signatures: layers.length };
}

export interface VerifiedSignature {
  payload: SimpleSigningPayload;
  layerDigest: string;
}

export interface VerifyResult {
  digest: string;
  tag: string;
  verified: VerifiedSignature[];
  /** Why each other signature layer did not count. */
  rejected: Array<{ layerDigest: string; reason: string }>;
}

/** Check one signature layer; returns why it does not count, or the payload when it does. */
async function checkLayer(
  client: RegistryClient,
  repository: string,
  layer: Descriptor,
  digest: string,
  publicKey: KeyObject,
): Promise<SimpleSigningPayload | string> {
  if (layer.mediaType !== SIMPLE_SIGNING_MEDIA_TYPE) return `not a signature layer (${layer.mediaType})`;
  const signature = layer.annotations?.[SIGNATURE_ANNOTATION];
  if (!signature) return `no ${SIGNATURE_ANNOTATION} annotation`;
  let payloadBytes: Buffer;
  try {
    payloadBytes = await readSmallBlob(client, repository, layer);
  } catch (err) {
    return `cannot read the payload: ${(err as Error).message}`;
  }
  if (!ecdsaVerify('sha256', payloadBytes, publicKey, Buffer.from(signature, 'base64'))) return 'the signature does not match the key';
  let payload: SimpleSigningPayload;
  try {
    payload = JSON.parse(payloadBytes.toString('utf8')) as SimpleSigningPayload;
  } catch {
    return 'the signed payload is not JSON';
  }
  if (payload.critical?.type !== COSIGN_SIGNATURE_TYPE)
    return `the payload type is "${payload.critical?.type}", not a cosign image signature`;
  const signed = payload.critical?.image?.['docker-manifest-digest'];
  if (signed !== digest) return `the signature is for ${signed}, not for ${digest}`;
  return payload;
}

export async function verifyManifest(options: {
  client: RegistryClient;
  repository: string;
  digest: string;
  publicKey: KeyObject;
  what: string;
}): Promise<VerifyResult> {
  const { client, repository, digest } = options;
  const tag = signatureTag(digest);
  const sigLayers = await existingSignatureLayers(client, repository, tag);
  if (!sigLayers || sigLayers.length === 0) {
    throw new HpluginError(
      'SIGNATURE_NOT_FOUND',
      `${options.what} (${digest}) is not signed: ${client.registry}/${repository} has no ${tag}.`,
      {
        hint: 'Sign it (`hplugin sign <ref> --key cosign.key`, or publish with --sign), or check that the reference points at the artifact you expect.',
        details: { digest, tag },
      },
    );
  }
  const verified: VerifiedSignature[] = [];
  const rejected: VerifyResult['rejected'] = [];
  for (const [i, layer] of sigLayers.entries()) {
    if (i >= MAX_SIGNATURE_LAYERS) {
      rejected.push({ layerDigest: layer.digest, reason: `not examined: only the first ${MAX_SIGNATURE_LAYERS} signature layers are` });
      continue;
    }
    const outcome = await checkLayer(client, repository, layer, digest, options.publicKey);
    if (typeof outcome === 'string') rejected.push({ layerDigest: layer.digest, reason: outcome });
    else verified.push({ payload: outcome, layerDigest: layer.digest });
  }
  if (verified.length === 0) {
    throw new HpluginError(
      'SIGNATURE_INVALID',
      `No valid signature for ${options.what} (${digest}) under ${tag}: ${rejected.map((r) => r.reason).join('; ')}.`,
      {
        hint: 'Do not use this artifact: it was not signed with this key, or it changed since. Check --key, and republish and sign it if you own it.',
        details: { digest, tag, rejected },
      },
    );
  }
  return { digest, tag, verified, rejected };
}
