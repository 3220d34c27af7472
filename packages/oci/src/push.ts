/**
 * Push an artifact: blobs first (skipping those the registry has, with bounded concurrency), a
 * check that every blob the manifest references is present, then the manifest under its first tag
 * (or its digest), then the remaining tags. A tag is only ever written once its content is complete.
 */
import pLimit from 'p-limit';
import { HpluginError, isHpluginError, UsageError } from '@hplugin/core';
import type { BlobSource } from './blob-source.js';
import { formatReference, parseReference, assertTag, type Reference } from './reference.js';
import { RegistryClient, type RegistryClientOptions } from './registry/client.js';
import { blobExists } from './registry/blobs.js';
import { headManifest, putManifest } from './registry/manifests.js';
import { uploadBlob } from './registry/upload.js';
import { backOff } from './retry.js';
import { parseManifestDocument, type ManifestDocument } from './manifest-document.js';
import { sha256Digest, type Descriptor } from './spec.js';

export interface PushArtifactOptions extends RegistryClientOptions {
  /** Where to push; a tag in it is the first tag. */
  reference: string | Reference;
  manifest: { bytes: Uint8Array; mediaType: string };
  blobs: BlobSource[];
  /** More tags, written after the manifest. */
  tags?: string[];
  /** Blobs uploaded at once (default 3). */
  concurrency?: number;
  /** Mount missing blobs from this repository of the same registry before uploading them. */
  mountFrom?: string;
  /** Only find out which blobs the registry lacks; write nothing. */
  dryRun?: boolean;
  /** Reuse a client (and its token cache); it is not closed. */
  client?: RegistryClient;
}

export interface PushArtifactResult {
  /** registry/repository@digest */
  reference: string;
  digest: string;
  size: number;
  mediaType: string;
  tags: string[];
  /** Uploaded now (or, in a dry run, that would be). */
  pushed: Descriptor[];
  /** Already in the registry. */
  skipped: Descriptor[];
  /** Mounted from `mountFrom` instead of uploaded. */
  mounted: Descriptor[];
  bytesUploaded: number;
  dryRun: boolean;
}

/** The manifest to push, parsed once: the caller's bytes are checked as a registry's would be. */
function manifestToPush(bytes: Uint8Array): ManifestDocument {
  const parsed = parseManifestDocument(bytes);
  if (parsed.problem === undefined) return parsed.document;
  const digest = sha256Digest(bytes);
  if (!parsed.json)
    throw new UsageError('MANIFEST_NOT_JSON', `The manifest to push (${digest}) is not valid JSON.`, {
      hint: 'Rebuild the artifact.',
      details: { digest },
    });
  throw new UsageError('MANIFEST_INVALID', `The manifest to push (${digest}) ${parsed.problem}.`, {
    hint: 'Rebuild the artifact.',
    details: { digest },
  });
}

/** The descriptors a manifest points at: config and layers (image), or manifests (index). */
export function referencedDescriptors(bytes: Uint8Array): { blobs: Descriptor[]; manifests: Descriptor[] } {
  const doc = manifestToPush(bytes);
  return { blobs: [...(doc.config ? [doc.config] : []), ...(doc.layers ?? [])], manifests: doc.manifests ?? [] };
}

/**
 * What progress lines call each blob, as oras does: the layer's title from the manifest (the blob
 * sources may carry no annotations), "config" for the config, the short digest otherwise.
 */
function blobNames(manifest: Uint8Array, blobs: BlobSource[]): Map<string, string> {
  const names = new Map<string, string>();
  const { blobs: referenced } = referencedDescriptors(manifest);
  const { config } = manifestToPush(manifest);
  for (const d of [...blobs.map((b) => b.descriptor), ...referenced]) {
    const title = d.annotations?.['org.opencontainers.image.title'];
    if (title) names.set(d.digest, title);
  }
  if (config && !names.has(config.digest)) names.set(config.digest, 'config');
  return names;
}

function uniqueByDigest(blobs: BlobSource[]): BlobSource[] {
  return [...new Map(blobs.map((b) => [b.descriptor.digest, b])).values()];
}

export async function pushArtifact(options: PushArtifactOptions): Promise<PushArtifactResult> {
  const ref = typeof options.reference === 'string' ? parseReference(options.reference) : options.reference;
  const tags = [...new Set([...(ref.tag ? [ref.tag] : []), ...(options.tags ?? [])])];
  tags.forEach(assertTag);
  const digest = sha256Digest(options.manifest.bytes);
  if (ref.digest && ref.digest !== digest) {
    throw new UsageError('REF_DIGEST_MISMATCH', `The reference asks for ${ref.digest} but the manifest hashes to ${digest}.`, {
      hint: 'Drop the @digest from the reference.',
    });
  }
  const client = options.client ?? new RegistryClient(ref.registry, options);
  const limit = pLimit(options.concurrency ?? 3);
  const repo = ref.repository;
  try {
    const blobs = uniqueByDigest(options.blobs);
    const present = await Promise.all(blobs.map((b) => limit(() => blobExists(client, repo, b.descriptor, { forPush: !options.dryRun }))));
    const missing = blobs.filter((_, i) => !present[i]);
    const skipped = blobs.filter((_, i) => present[i]).map((b) => b.descriptor);
    const result: PushArtifactResult = {
      reference: `${ref.registry}/${repo}@${digest}`,
      digest,
      size: options.manifest.bytes.length,
      mediaType: options.manifest.mediaType,
      tags,
      pushed: [],
      skipped,
      mounted: [],
      bytesUploaded: 0,
      dryRun: Boolean(options.dryRun),
    };
    if (options.dryRun) return { ...result, pushed: missing.map((b) => b.descriptor) };
    const names = blobNames(options.manifest.bytes, blobs);

    // The biggest first: started last, a big blob would upload alone after the small ones are done.
    const bySizeDescending = [...missing].sort((a, b) => b.descriptor.size - a.descriptor.size);
    await Promise.all(
      bySizeDescending.map((blob) =>
        limit(async () => {
          const d = blob.descriptor;
          const progress = client.reporter.progress(names.get(d.digest) ?? d.digest.slice(7, 19), d.size, {
            active: 'Uploading',
            done: 'Uploaded',
          });
          let sent = 0;
          let ok = false;
          try {
            const outcome = await uploadBlob(client, repo, blob, {
              ...(options.mountFrom ? { mountFrom: options.mountFrom } : {}),
              onProgress: (n) => {
                progress.advance(n - sent);
                sent = n;
              },
            });
            if (outcome === 'mounted') result.mounted.push(d);
            else {
              result.pushed.push(d);
              result.bytesUploaded += d.size;
            }
            ok = true;
          } finally {
            progress.done(ok);
          }
        }),
      ),
    );

    // Uploads finish in any order; report them in the caller's order so results are stable.
    const order = new Map(blobs.map((b, i) => [b.descriptor.digest, i]));
    const byInput = (x: Descriptor, y: Descriptor) => order.get(x.digest)! - order.get(y.digest)!;
    result.pushed.sort(byInput);
    result.mounted.sort(byInput);

    // What the HEADs above found, and what the registry just acknowledged by digest, is there.
    const held = new Set([...skipped, ...result.pushed, ...result.mounted].map((d) => d.digest));
    await confirmReferences(client, repo, options.manifest.bytes, held);
    for (const tag of tags.length ? tags : [digest]) await putManifestChecked(client, repo, tag, options.manifest, blobs);
    client.reporter.debug(`pushed ${formatReference({ ...ref, digest })}`);
    return result;
  } finally {
    if (!options.client) await client.close();
  }
}

/** Times a manifest refused for a blob this push saw in the registry is sent again. */
const MANIFEST_BLOB_RETRIES = 2;

/**
 * The manifest under one tag (or its digest). A registry may refuse it for a blob this push has
 * just seen there: distribution's filesystem storage rewrites a blob's link in place, so while
 * another push of the same blob to the same repository (two CI jobs publishing one plugin) commits
 * it, the link reads empty for a moment and the manifest is refused with MANIFEST_BLOB_UNKNOWN. So
 * on that answer the references are asked for again, what is really gone is uploaded again, and
 * the manifest is sent again, twice at most.
 */
async function putManifestChecked(
  client: RegistryClient,
  repo: string,
  reference: string,
  manifest: PushArtifactOptions['manifest'],
  blobs: BlobSource[],
): Promise<void> {
  for (let retry = 0; ; retry++) {
    try {
      await putManifest(client, repo, reference, manifest.bytes, manifest.mediaType);
      return;
    } catch (err) {
      if (!isHpluginError(err) || err.code !== 'REGISTRY_BLOB_UNKNOWN') throw err;
      if (retry >= MANIFEST_BLOB_RETRIES) {
        throw new HpluginError(
          'REGISTRY_BLOB_UNKNOWN',
          `${err.message} This push had found every blob there and sent the manifest ${retry + 1} times.`,
          {
            hint: 'Another push to this repository was probably writing the same blobs at the same moment: run the command again once it has finished (blobs already there are not uploaded again).',
            ...(err.details ? { details: err.details } : {}),
            cause: err,
          },
        );
      }
      client.reporter.debug(`${client.registry}/${repo} refused the manifest for a missing blob; asking for its blobs again`);
      await backOff(client.retry, retry);
      const { blobs: referenced } = referencedDescriptors(manifest.bytes);
      const present = await Promise.all(referenced.map((d) => blobExists(client, repo, d, { forPush: true })));
      const sources = new Map(blobs.map((b) => [b.descriptor.digest, b]));
      const held = new Set<string>();
      for (const [i, d] of referenced.entries()) {
        const source = sources.get(d.digest);
        if (!present[i] && source) await uploadBlob(client, repo, source);
        if (present[i] || source) held.add(d.digest);
      }
      // What is missing and was not given to this push ends it here, as before the first try.
      await confirmReferences(client, repo, manifest.bytes, held);
    }
  }
}

/**
 * Refuse to write a manifest that points at content the registry does not hold: every reference
 * this push has not already seen there (`held`) is asked for with a HEAD.
 */
async function confirmReferences(client: RegistryClient, repo: string, manifest: Uint8Array, held: Set<string>): Promise<void> {
  const references = referencedDescriptors(manifest);
  const blobs = references.blobs.filter((d) => !held.has(d.digest));
  const manifests = references.manifests.filter((d) => !held.has(d.digest));
  const limit = pLimit(5);
  const missing = (
    await Promise.all([
      ...blobs.map((d) => limit(async () => ((await blobExists(client, repo, d, { forPush: true })) ? undefined : d))),
      ...manifests.map((d) => limit(async () => ((await headManifest(client, repo, d.digest)) ? undefined : d))),
    ])
  ).filter((d): d is Descriptor => d !== undefined);
  if (missing.length > 0) {
    throw new HpluginError(
      'REGISTRY_BLOB_UNKNOWN',
      `The manifest references ${missing.length} item(s) that ${client.registry}/${repo} does not have: ${missing.map((d) => d.digest).join(', ')}. No tag was written.`,
      {
        hint: 'Pass every blob the manifest references (config included) to the push.',
        details: { missing: missing.map((d) => d.digest) },
      },
    );
  }
}
