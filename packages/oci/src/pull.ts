/**
 * Pull an artifact: its manifest (verified) and, when a folder is given, every blob it references
 * written as `<blobDir>/sha256/<hex>`, the layout of an OCI image layout's blobs folder. Blobs
 * already there with the right content are not downloaded again.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { formatReference, parseReference, type Reference } from './reference.js';
import { blobTooLarge, malformedManifest, type ErrorContext } from './errors.js';
import { RegistryClient, type RegistryClientOptions } from './registry/client.js';
import { downloadBlob } from './registry/blobs.js';
import { fetchManifest, type FetchedManifest } from './registry/manifests.js';
import type { ManifestDocument } from './manifest-document.js';
import { digestHex, type Descriptor } from './spec.js';
import pLimit from 'p-limit';

export interface PullArtifactOptions extends RegistryClientOptions {
  reference: string | Reference;
  /** Write the referenced blobs under `<blobDir>/sha256/`. Without it only the manifest is fetched. */
  blobDir?: string;
  concurrency?: number;
  client?: RegistryClient;
  /**
   * Refuse, before downloading anything, a blob that declares more bytes than this (default
   * DEFAULT_MAX_BLOB_BYTES). The download itself stops at the declared size, so this bounds the disk.
   */
  maxBlobBytes?: number;
  /**
   * The manifest `reference` names, already fetched (and so verified) on `client` by the caller: it
   * is not fetched a second time, and what the caller judged is what is downloaded.
   */
  manifest?: FetchedManifest;
}

/** A Higress plugin is at most 256 MiB of wasm; its compressed layer is smaller. */
export const DEFAULT_MAX_BLOB_BYTES = 256 * 1024 * 1024;

/**
 * The blobs an image manifest from fetchManifest points at: an image (not an index) whose
 * descriptors fetchManifest already checked (`sha256:../../x` and sizes of -1 or 1e300 ended
 * there), and none larger than the pull allows.
 */
function manifestBlobs(
  manifest: ManifestDocument,
  ctx: ErrorContext,
  digest: string,
  maxBlobBytes = DEFAULT_MAX_BLOB_BYTES,
): { layers: Descriptor[]; blobs: Descriptor[] } {
  if (manifest.schemaVersion !== 2)
    throw malformedManifest(ctx, `has schemaVersion ${JSON.stringify(manifest.schemaVersion)}, not 2`, digest);
  if (manifest.manifests) throw malformedManifest(ctx, 'is an index of other manifests, not one plugin', digest);
  const { layers, config } = manifest;
  if (!layers) throw malformedManifest(ctx, 'has no layers array', digest);
  const blobs = [...(config ? [config] : []), ...layers];
  const tooLarge = blobs.find((d) => d.size > maxBlobBytes);
  if (tooLarge) throw blobTooLarge(ctx, tooLarge.digest, tooLarge.size, maxBlobBytes);
  return { layers, blobs };
}

export interface PullArtifactResult extends FetchedManifest {
  reference: string;
  /** The manifest's layers, each descriptor checked as manifestBlobs checks it. */
  layers: Descriptor[];
  blobs: Array<{ descriptor: Descriptor; path?: string; downloaded: boolean }>;
}

async function hasBlob(path: string, d: Descriptor): Promise<boolean> {
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of createReadStream(path)) {
      size += (chunk as Buffer).length;
      hash.update(chunk as Buffer);
    }
  } catch {
    return false;
  }
  return size === d.size && `sha256:${hash.digest('hex')}` === d.digest;
}

export async function pullArtifact(options: PullArtifactOptions): Promise<PullArtifactResult> {
  const ref = typeof options.reference === 'string' ? parseReference(options.reference) : options.reference;
  const client = options.client ?? new RegistryClient(ref.registry, options);
  try {
    const fetched = options.manifest ?? (await fetchManifest(client, ref.repository, ref.digest ?? ref.tag ?? 'latest'));
    const { layers, blobs } = manifestBlobs(
      fetched.manifest,
      client.context(`pull ${formatReference(ref)}`),
      fetched.descriptor.digest,
      options.maxBlobBytes,
    );
    const limit = pLimit(options.concurrency ?? 3);
    // Every download settles before the pull answers: a failure must not return while another
    // download still writes into blobDir (its caller removes that folder next).
    const settled = await Promise.allSettled(
      blobs.map((descriptor) =>
        limit(async () => {
          if (!options.blobDir) return { descriptor, downloaded: false };
          const path = join(options.blobDir, 'sha256', digestHex(descriptor.digest));
          if (await hasBlob(path, descriptor)) return { descriptor, path, downloaded: false };
          await downloadBlob(client, ref.repository, descriptor, path);
          return { descriptor, path, downloaded: true };
        }),
      ),
    );
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const results = settled.map((r) => (r as PromiseFulfilledResult<PullArtifactResult['blobs'][number]>).value);
    return { ...fetched, reference: `${ref.registry}/${ref.repository}@${fetched.descriptor.digest}`, layers, blobs: results };
  } finally {
    if (!options.client) await client.close();
  }
}
