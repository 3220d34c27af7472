export { packagePlugin, type PackageOptions, type PackageResult, type PackagedLayer } from './package/package-plugin.js';
export { preloadPackagingLibraries } from './package/preload.js';
export type { ArtifactFormat } from './package/manifest.js';
export type { ReadmeInput } from './package/readmes.js';
export type { SpecSource } from './package/plugin-files.js';
export { publicRepoUrl } from './package/git-info.js';
export { inspectLayout, type LayoutInspection, type InspectedLayer } from './inspect.js';
export { OciLayout, TAG_PATTERN, checkTag, type PutBlobOptions } from './layout/oci-layout.js';
export {
  checkGatewayFormat,
  isIndexMediaType,
  type GatewayVerdict,
  type GatewayVariant,
  type GatewayWarning,
  type BlobReader,
} from './gateway/check.js';
export {
  judgeForGateway,
  resolveGatewayImage,
  type GatewayResolution,
  type GatewayJudgement,
  type ManifestSource,
  type SourcedManifest,
} from './gateway/resolve.js';
export { validateSpecYaml, formatSpecIssue, type SpecValidation, type SpecIssue, type SpecExpectations } from './spec/validate-spec.js';
export { generateSpecYaml, type PluginMetadata, type PluginContact } from './spec/generate-spec.js';
export { SPEC_CATEGORIES, SPEC_PHASES, SPEC_PRIORITY_MAX, SPEC_DEFAULTS, type SpecCategory, type SpecPhase } from './spec/rules.js';
export { createReproducibleTarGz, GZIP_LEVEL, type TarEntrySource, type ReproducibleTarGz } from './tar/reproducible-tar.js';
export { resolveEpoch, DEFAULT_EPOCH_SECONDS, type ResolvedEpoch, type EpochSource } from './epoch.js';
export { PLUGIN_MEDIA_TYPE, readmeMediaType, GATEWAY_MAX_WASM_BYTES, WASM_MAGIC } from './media-types.js';
export { readLayoutArtifact, type LayoutArtifact } from './layout/layout-artifact.js';
