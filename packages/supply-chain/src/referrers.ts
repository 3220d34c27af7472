/**
 * OCI referrers: artifacts (an SBOM, here) that point at a plugin manifest through their `subject`.
 *
 * A registry with the referrers API (distribution-spec 1.1) indexes them itself and lists them at
 * GET /v2/<repo>/referrers/<digest>. One without it (docker-registry 2.8, most mirrors) answers 404
 * there, and the spec's fallback applies: the client keeps an image index of the referrers under the
 * tag `sha256-<hex of the subject>`. We probe the API the way oras does, push the referrer by
 * digest either way, and maintain the fallback index only when the API is missing.
 *
 * The plugin manifest itself is never rewritten: its digest (what a WasmPlugin's sha256 pins) is
 * the same with or without referrers.
 */
import { HpluginError } from '@hplugin/core';
import {
  MAX_MANIFEST_BYTES,
  MEDIA_TYPE,
  RegistryClient,
  bytesBlob,
  digestHex,
  fetchManifest,
  headManifest,
  malformedManifest,
  checkManifestDocument,
  pushArtifact,
  putManifest,
  readBounded,
  sha256Digest,
  type BlobSource,
  type Descriptor,
  type ImageIndex,
  type ImageManifest,
} from '@hplugin/oci';

export type ReferrersMode = 'api' | 'tag-schema';

/** The empty config of an artifact manifest (image-spec 1.1 guidance): the two bytes "{}". */
const EMPTY_CONFIG = bytesBlob('{}', MEDIA_TYPE.ociEmpty);

export function referrersTag(subjectDigest: string): string {
  return `sha256-${digestHex(subjectDigest)}`;
}

/** GET the referrers API; undefined when the registry does not implement it. */
async function queryReferrersApi(client: RegistryClient, repository: string, subjectDigest: string): Promise<Descriptor[] | undefined> {
  const op = `list referrers of ${client.registry}/${repository}@${subjectDigest}`;
  const res = await client.send(
    {
      method: 'GET',
      url: client.url(`/v2/${repository}/referrers/${subjectDigest}`),
      headers: { accept: MEDIA_TYPE.imageIndex },
      scopes: RegistryClient.pullScope(repository),
    },
    op,
  );
  if (res.status !== 200) {
    // 404 (no such route) is the spec's signal; 400/405 are what some older proxies answer.
    if ([400, 404, 405].includes(res.status)) {
      await res.body.dump();
      return undefined;
    }
    await client.expect(res, [200], op);
  }
  // Bounded as a manifest is: a hostile registry must not make us buffer gigabytes.
  const text = await readBounded(res, client.context(op), MAX_MANIFEST_BYTES, 'the referrers index');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // A 200 that is not an index (an HTML catch-all page) is no referrers API either.
    return undefined;
  }
  if (typeof value !== 'object' || value === null || !('manifests' in value) || !Array.isArray(value.manifests)) return undefined;
  // Its descriptors are the registry's word, checked (once, here) as fetchManifest checks a manifest's.
  const checked = checkManifestDocument(value);
  if (checked.problem !== undefined) throw malformedManifest(client.context(op), checked.problem, sha256Digest(text));
  return checked.document.manifests ?? [];
}

async function readFallbackIndex(client: RegistryClient, repository: string, subjectDigest: string): Promise<ImageIndex> {
  const tag = referrersTag(subjectDigest);
  const empty: ImageIndex = { schemaVersion: 2, mediaType: MEDIA_TYPE.imageIndex, manifests: [] };
  if (!(await headManifest(client, repository, tag))) return empty;
  const fetched = await fetchManifest(client, repository, tag);
  const { manifests } = fetched.manifest;
  if (!manifests) {
    throw new HpluginError(
      'REFERRERS_TAG_INVALID',
      `${client.registry}/${repository}:${tag} should hold the referrers index of ${subjectDigest}, but it is not an image index.`,
      {
        hint: `Something else uses the tag; delete it (e.g. \`oras manifest delete ${client.registry}/${repository}:${tag}\`) and publish again.`,
      },
    );
  }
  return { ...empty, ...fetched.manifest, schemaVersion: 2, manifests };
}

export interface Referrers {
  mode: ReferrersMode;
  manifests: Descriptor[];
}

/** The referrers of a manifest, from the API or, where there is none, from the fallback tag. */
export async function listReferrers(
  client: RegistryClient,
  repository: string,
  subjectDigest: string,
  artifactType?: string,
): Promise<Referrers> {
  const fromApi = await queryReferrersApi(client, repository, subjectDigest);
  const mode: ReferrersMode = fromApi ? 'api' : 'tag-schema';
  const all = fromApi ?? (await readFallbackIndex(client, repository, subjectDigest)).manifests;
  return { mode, manifests: artifactType ? all.filter((d) => d.artifactType === artifactType) : all };
}

export interface AttachOptions {
  client: RegistryClient;
  repository: string;
  subject: Descriptor;
  artifactType: string;
  layers: BlobSource[];
  annotations?: Record<string, string>;
}

export interface AttachResult {
  digest: string;
  mode: ReferrersMode;
  /** The fallback tag written (tag-schema mode only). */
  tag?: string;
  /** False when an identical referrer was already attached. */
  added: boolean;
}

/** Push an artifact manifest whose subject is `subject`, and make it discoverable. */
export async function attachReferrer(options: AttachOptions): Promise<AttachResult> {
  const { client, repository } = options;
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPE.imageManifest,
    artifactType: options.artifactType,
    config: EMPTY_CONFIG.descriptor,
    layers: options.layers.map((l) => l.descriptor),
    subject: { mediaType: options.subject.mediaType, digest: options.subject.digest, size: options.subject.size },
    ...(options.annotations ? { annotations: options.annotations } : {}),
  };
  const bytes = Buffer.from(JSON.stringify(manifest));
  const digest = sha256Digest(bytes);
  // Probed before the push, so `added` can say whether this referrer was already there.
  const fromApi = await queryReferrersApi(client, repository, options.subject.digest);
  await pushArtifact({
    client,
    reference: { registry: client.registry, repository, digest },
    manifest: { bytes, mediaType: MEDIA_TYPE.imageManifest },
    blobs: [EMPTY_CONFIG, ...options.layers],
  });
  if (fromApi) return { digest, mode: 'api', added: !fromApi.some((d) => d.digest === digest) };

  const tag = referrersTag(options.subject.digest);
  const index = await readFallbackIndex(client, repository, options.subject.digest);
  if (index.manifests.some((d) => d.digest === digest)) return { digest, mode: 'tag-schema', tag, added: false };
  const entry: Descriptor = {
    mediaType: MEDIA_TYPE.imageManifest,
    digest,
    size: bytes.length,
    artifactType: options.artifactType,
    ...(options.annotations ? { annotations: options.annotations } : {}),
  };
  const updated: ImageIndex = { ...index, manifests: [...index.manifests, entry] };
  await putManifest(client, repository, tag, Buffer.from(JSON.stringify(updated)), MEDIA_TYPE.imageIndex);
  return { digest, mode: 'tag-schema', tag, added: true };
}
