/**
 * `@hplugin/oci/spec`: the OCI format without the client. Media types, descriptors, digests and the
 * one parse of a manifest or index, for code that reads or writes artifacts but never talks to a
 * registry (@hplugin/artifact's layout and gateway verdict), so it does not load the network stack.
 */
export * from './spec.js';
export { parseManifestDocument, checkManifestDocument, asImageIndex, asImageManifest } from './manifest-document.js';
export type { ManifestDocument, ManifestParse } from './manifest-document.js';
