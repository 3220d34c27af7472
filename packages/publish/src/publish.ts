/**
 * Publishing: the gateway-format check first (nothing leaves the machine that a gateway would
 * reject), then the tag policy, then the push. Version tags are immutable by convention: a different
 * digest under an existing version tag is refused unless forced, while tags like `latest` move.
 * An identical digest under every tag means there is nothing to do, and nothing is uploaded.
 */
import { HpluginError, UsageError, silentReporter, type Reporter } from '@hplugin/core';
import {
  RegistryClient,
  assertTag,
  headManifest,
  parseReference,
  pushArtifact,
  type Descriptor,
  type RegistryClientOptions,
} from '@hplugin/oci';
import { checkGatewayFormat, readLayoutArtifact } from '@hplugin/artifact';

export interface PublishOptions extends RegistryClientOptions {
  layoutDir: string;
  /** The tag (or digest) in the layout to publish. */
  sourceTag: string;
  registry: string;
  repository: string;
  /** Tags to point at the manifest in the registry; the first is written first, the others last. */
  tags: string[];
  /** Overwrite an existing version tag that points at other content. */
  force?: boolean;
  dryRun?: boolean;
  concurrency?: number;
  reporter?: Reporter;
  /**
   * The manifest digest the caller has just packaged and checked against the gateway's rules (the
   * pipeline passes the package stage's result). When it is the digest being published, the check is
   * not repeated: for a 256 MiB plugin it means gunzipping the whole module again.
   */
  checkedDigest?: string;
  /**
   * Blobs the caller has just confirmed hold their digest's bytes (the package stage's check read
   * them back, or found them unchanged by stat since): streamed as they are, without hashing them
   * a second time on the way out. The registry still checks the digest of every upload.
   */
  intactBlobs?: string[];
  /**
   * The connection and tag answers prefetchRemote started while the package was being made: the
   * push uses that client (the caller closes it) and reads the tags' answers instead of asking again.
   */
  remote?: RemoteHeadStart;
}

/** A registry connection opened, and the publish tags asked about, before the artifact exists. */
export interface RemoteHeadStart {
  client: RegistryClient;
  /** Each tag's manifest as the registry answered (undefined: no such tag); a rejection is the error that HEAD met. */
  tagHeads: Map<string, Promise<Descriptor | undefined>>;
}

/**
 * Start talking to the registry while the package is still being made (the build runs, gzip runs):
 * the connection (and its TLS handshake), the token for reading the repository, and one HEAD per
 * tag. Against a remote registry those are several round trips the push no longer waits for.
 * Nothing is written, and the tags are still judged (planTags) only once the artifact exists; a tag
 * that moves in between is caught by the read-back after the push (confirmTags), as any race is.
 * Undefined when the names are invalid: publishLayout reports that itself, before any request.
 */
export function prefetchRemote(options: Omit<PublishOptions, 'layoutDir' | 'sourceTag' | 'remote'>): RemoteHeadStart | undefined {
  try {
    parseReference(`${options.registry}/${options.repository}`);
    options.tags.forEach(assertTag);
  } catch {
    return undefined;
  }
  const client = new RegistryClient(options.registry, { ...options, reporter: options.reporter ?? silentReporter() });
  const tagHeads = new Map<string, Promise<Descriptor | undefined>>();
  for (const tag of new Set(options.tags)) {
    const head = headManifest(client, options.repository, tag);
    // Its error (if any) belongs to the publish that reads it; a publish that never gets there must not crash on it.
    head.catch(() => undefined);
    tagHeads.set(tag, head);
  }
  return { client, tagHeads };
}

export type TagState = 'new' | 'same' | 'moves';

export interface PublishResult {
  status: 'pushed' | 'unchanged' | 'dry-run';
  registry: string;
  repository: string;
  /** registry/repository:first-tag */
  reference: string;
  digest: string;
  size: number;
  tags: string[];
  /** What each tag did (or would do): new, already the same digest, or moved from another digest. */
  tagStates: Record<string, TagState>;
  pushed: Descriptor[];
  skipped: Descriptor[];
  mounted: Descriptor[];
  bytesUploaded: number;
}

/** Version-like tags (1.0.0, v2.1) never move without --force; latest, main, dev… do. */
export function isImmutableTag(tag: string): boolean {
  return /^v?\d+(\.\d+)+([-+.].*)?$/.test(tag);
}

async function planTags(
  client: RegistryClient,
  repository: string,
  tags: string[],
  digest: string,
  force: boolean,
  prefetched?: Map<string, Promise<Descriptor | undefined>>,
): Promise<Record<string, TagState>> {
  const states: Record<string, TagState> = {};
  for (const tag of tags) {
    const existing = await (prefetched?.get(tag) ?? headManifest(client, repository, tag));
    if (!existing) states[tag] = 'new';
    else if (existing.digest === digest) states[tag] = 'same';
    else if (isImmutableTag(tag) && !force) {
      throw new UsageError(
        'PUBLISH_TAG_IMMUTABLE',
        `${client.registry}/${repository}:${tag} already points at ${existing.digest}, and this artifact is ${digest}. Version tags are immutable by convention: gateways pinned to ${tag} (and its sha256) would silently change.`,
        {
          hint: 'Bump the version (the VERSION file), or pass --force if you really mean to replace it.',
          details: { tag, existing: existing.digest, digest },
        },
      );
    } else states[tag] = 'moves';
  }
  return states;
}

/**
 * Read every tag back after the push. Two publishes of different content to one tag race: both
 * PUTs succeed, the last one wins, and the loser would report a digest the tag does not hold.
 * Only what the registry serves now counts.
 */
async function confirmTags(client: RegistryClient, repository: string, tags: string[], digest: string): Promise<void> {
  for (const tag of tags) {
    const now = await headManifest(client, repository, tag);
    if (now?.digest === digest) continue;
    throw new HpluginError(
      'PUBLISH_TAG_RACE',
      `${client.registry}/${repository}:${tag} does not hold what was just pushed (${digest}): it now points at ${now?.digest ?? 'nothing'}. Another publish to the same tag ran at the same time and won.`,
      {
        hint: `The manifest is in the registry under its digest (${digest}); find out who else publishes this tag, then publish again (with --force for a version tag).`,
        details: { tag, digest, found: now?.digest ?? null },
      },
    );
  }
}

export async function publishLayout(options: PublishOptions): Promise<PublishResult> {
  const reporter = options.reporter ?? silentReporter();
  if (options.tags.length === 0)
    throw new UsageError('PUBLISH_NO_TAGS', 'No tags to publish.', { hint: 'Set publish.tags, or pass --tag.' });
  // Bad names are the user's to fix (REF_INVALID, exit 2), before any request: a registry would
  // answer NAME_INVALID only after the tag checks, and a bad tag only at the manifest PUT.
  parseReference(`${options.registry}/${options.repository}`);
  options.tags.forEach(assertTag);
  const artifact = await readLayoutArtifact(options.layoutDir, options.sourceTag, { intact: new Set(options.intactBlobs ?? []) });
  const open = (digest: string) => artifact.blobs.find((b) => b.descriptor.digest === digest)!.open();
  const verdict =
    options.checkedDigest === artifact.descriptor.digest
      ? undefined
      : await checkGatewayFormat(artifact.manifest.bytes, artifact.manifest.mediaType, async (d) => open(d.digest));
  if (verdict && !verdict.ok) {
    throw new HpluginError('ARTIFACT_REJECTED', `Refusing to publish: a Higress gateway would reject this artifact: ${verdict.reason}`, {
      hint: 'Package it again with `hplugin package`; see `hplugin inspect` for the details.',
      details: { verdict },
    });
  }
  const client = options.remote?.client ?? new RegistryClient(options.registry, { ...options, reporter });
  try {
    const digest = artifact.descriptor.digest;
    const tagStates = await planTags(client, options.repository, options.tags, digest, options.force ?? false, options.remote?.tagHeads);
    const base = {
      registry: options.registry,
      repository: options.repository,
      reference: `${options.registry}/${options.repository}:${options.tags[0]}`,
      digest,
      size: artifact.descriptor.size,
      tags: options.tags,
      tagStates,
    };
    if (Object.values(tagStates).every((s) => s === 'same')) {
      return { ...base, status: 'unchanged', pushed: [], skipped: artifact.blobs.map((b) => b.descriptor), mounted: [], bytesUploaded: 0 };
    }
    const pushed = await pushArtifact({
      ...options,
      client,
      reporter,
      reference: { registry: options.registry, repository: options.repository, tag: options.tags[0]! },
      manifest: artifact.manifest,
      blobs: artifact.blobs,
      tags: options.tags.slice(1),
    });
    if (!options.dryRun) await confirmTags(client, options.repository, options.tags, digest);
    return {
      ...base,
      status: options.dryRun ? 'dry-run' : 'pushed',
      pushed: pushed.pushed,
      skipped: pushed.skipped,
      mounted: pushed.mounted,
      bytesUploaded: pushed.bytesUploaded,
    };
  } finally {
    // A prefetched client is the caller's to close.
    if (!options.remote) await client.close();
  }
}
