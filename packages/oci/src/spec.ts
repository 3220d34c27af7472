/**
 * The OCI image-spec and distribution-spec shapes this project reads and writes.
 * Shared by the client (this package) and by @hplugin/artifact, which builds manifests and layouts.
 */
import { createHash } from 'node:crypto';
import { UsageError } from '@hplugin/core';

export const MEDIA_TYPE = {
  imageManifest: 'application/vnd.oci.image.manifest.v1+json',
  imageIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
  ociLayerTarGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  dockerLayerTarGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const;

/** What a registry is asked to return when we GET or HEAD a manifest. */
export const MANIFEST_ACCEPT = [
  MEDIA_TYPE.imageManifest,
  MEDIA_TYPE.imageIndex,
  MEDIA_TYPE.dockerManifest,
  MEDIA_TYPE.dockerManifestList,
].join(', ');

export const ANNOTATION = {
  title: 'org.opencontainers.image.title',
  refName: 'org.opencontainers.image.ref.name',
  created: 'org.opencontainers.image.created',
  version: 'org.opencontainers.image.version',
  description: 'org.opencontainers.image.description',
  source: 'org.opencontainers.image.source',
  revision: 'org.opencontainers.image.revision',
} as const;

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  artifactType?: string;
  platform?: { os: string; architecture: string; variant?: string };
}

export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

export const DIGEST_PATTERN = /^sha256:[a-f0-9]{64}$/;
/** How every digest error spells the form DIGEST_PATTERN accepts. */
export const DIGEST_FORM = 'sha256: followed by 64 lower-case hex digits';

export function sha256Digest(data: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export function isDigest(value: string): boolean {
  return DIGEST_PATTERN.test(value);
}

export function invalidDigest(digest: string): UsageError {
  return new UsageError('DIGEST_INVALID', `"${digest}" is not a sha256 digest (${DIGEST_FORM}).`, {
    hint: 'Copy the digest exactly as hplugin or the registry printed it.',
  });
}

/**
 * The hex part of a sha256 digest: the file name under blobs/sha256/. Digests come from manifests a
 * registry wrote, so this is where a `sha256:../../x` would become a path: it is refused here, at
 * the one place every blob path is made, whatever the caller checked before.
 */
export function digestHex(digest: string): string {
  if (!isDigest(digest)) throw invalidDigest(digest);
  return digest.slice('sha256:'.length);
}

/**
 * Why a descriptor read from a manifest cannot be used, or undefined when it can: its digest must be
 * a sha256 digest (it becomes a file name and a URL path), its size a whole number of bytes (it
 * bounds what is written to disk), its media type a string.
 */
export function descriptorProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'is not an object';
  const d = value as Record<string, unknown>;
  if (typeof d.mediaType !== 'string') return 'has no mediaType string';
  if (typeof d.digest !== 'string' || !isDigest(d.digest))
    return `has the digest ${JSON.stringify(String(d.digest).slice(0, 100))}, not ${DIGEST_FORM}`;
  if (typeof d.size !== 'number' || !Number.isSafeInteger(d.size) || d.size < 0)
    return `has the size ${JSON.stringify(d.size)}, not a whole number of bytes`;
  if (
    d.annotations !== undefined &&
    (typeof d.annotations !== 'object' || d.annotations === null || Object.values(d.annotations).some((v) => typeof v !== 'string'))
  ) {
    return 'has annotations that are not strings';
  }
  return undefined;
}
