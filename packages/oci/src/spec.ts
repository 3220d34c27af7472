/**
 * The OCI image-spec and distribution-spec shapes this project reads and writes.
 * Shared by the client (this package) and by @hplugin/artifact, which builds manifests and layouts.
 */
import { createHash } from 'node:crypto';

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

export function sha256Digest(data: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export function isDigest(value: string): boolean {
  return DIGEST_PATTERN.test(value);
}

/** The hex part of a sha256 digest (the file name under blobs/sha256/). */
export function digestHex(digest: string): string {
  return digest.slice('sha256:'.length);
}
