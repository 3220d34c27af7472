export * from './spec.js';
export * from './reference.js';
export { Transport, DEFAULT_USER_AGENT, DEFAULT_TIMEOUT_MS, schemeFor, isLoopback, assertNoDowngrade } from './transport.js';
export type { TransportOptions, HttpRequest, HttpResponse, BodySource } from './transport.js';
export { DEFAULT_RETRY_POLICY, isRetryableStatus, isRetryableError, parseRetryAfter, backoffDelay, withRetry } from './retry.js';
export type { RetryPolicy } from './retry.js';
export {
  registryError,
  networkError,
  badResponse,
  parseErrorBody,
  malformedManifest,
  truncatedResponse,
  blobTooLarge,
  timedOut,
} from './errors.js';
export type { RegistryErrorEntry, ErrorContext } from './errors.js';
export { readBounded } from './body.js';
export { HINT_OPTIONS, LIBRARY_SPELLING, type HintOption } from './option-spelling.js';
export { parseChallenges, pickChallenge } from './auth/challenge.js';
export type { Challenge } from './auth/challenge.js';
export { repositoryScope, mergeScopes, scopesCover } from './auth/scope.js';
export { AuthClient } from './auth/client.js';
export type { Credential, CredentialProvider, CredentialStore } from './credentials/types.js';
export { isEmptyCredential } from './credentials/types.js';
export { credentialFromStore, staticStore, memoryStore, storeWithFallbacks } from './credentials/store.js';
export { fileStore } from './credentials/file-store.js';
export { nativeStore } from './credentials/native-store.js';
export { dockerConfigStore } from './credentials/docker-config-store.js';
export type { DockerConfigStoreOptions } from './credentials/docker-config-store.js';
export {
  dockerConfigPath,
  readDockerConfig,
  findAuthEntry,
  decodeAuthEntry,
  helperFor,
  writeAuthEntry,
} from './credentials/docker-config.js';
export type { DockerConfig, DockerAuthEntry } from './credentials/docker-config.js';
export { helperGet, helperStore, helperErase } from './credentials/helper.js';
export { login, logout } from './login.js';
export type { LoginOptions, LoginResult, LogoutResult, StoreChoice } from './login.js';
export { RegistryClient } from './registry/client.js';
export type { RegistryClientOptions } from './registry/client.js';
export { parseManifestDocument, checkManifestDocument, asImageIndex, asImageManifest } from './manifest-document.js';
export type { ManifestDocument, ManifestParse } from './manifest-document.js';
export { fetchManifest, headManifest, putManifest, MAX_MANIFEST_BYTES } from './registry/manifests.js';
export type { FetchedManifest } from './registry/manifests.js';
export { blobExists, fetchBlob, downloadBlob, verifyingStream } from './registry/blobs.js';
export { uploadBlob, withDigest } from './registry/upload.js';
export type { UploadOptions, UploadOutcome } from './registry/upload.js';
export { bytesBlob, fileBlob, openSlice } from './blob-source.js';
export type { BlobSource } from './blob-source.js';
export { pushArtifact, referencedDescriptors } from './push.js';
export type { PushArtifactOptions, PushArtifactResult } from './push.js';
export { pullArtifact, DEFAULT_MAX_BLOB_BYTES } from './pull.js';
export type { PullArtifactOptions, PullArtifactResult } from './pull.js';
