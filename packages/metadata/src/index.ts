/**
 * @hplugin/metadata: spec.yaml generated from the plugin's Go annotations (hgctl's format and
 * more), example and README checks, and deployment outputs (WasmPlugin, plugins.properties).
 */
export { generateSpec, type GenerateSpecOptions, type GenerateSpecResult } from './spec/generate.js';
export { checkSpec, diffValues, type CheckSpecOptions, type CheckSpecResult, type SpecDifference } from './spec/check.js';
export { renderSpecYaml } from './spec/render.js';
export { validateSpecExamples, assertSpecExamples, type ExampleProblem, type ExampleValidation } from './validate/examples.js';
export { checkReadmes, readmeFileFor, type CheckReadmesOptions, type ReadmeCheck, type ReadmeEntry } from './validate/readmes.js';
export { renderWasmPlugin, type RenderWasmPluginOptions } from './deploy/wasmplugin.js';
export { resolvePluginMetadata, type ResolvePluginMetadataOptions, type ResolvedPluginMetadata } from './resolve/plugin.js';
export { metadataFromSpec, type ResolvedMetadata, type ConfiguredFailStrategy } from './resolve/metadata.js';
export {
  resolveFailStrategy,
  isAuthPlugin,
  FAIL_STRATEGIES,
  type FailStrategy,
  type ResolvedFailStrategy,
} from './resolve/fail-strategy.js';
export { renderPluginsProperties } from './deploy/properties.js';
export { manifestDigestHex, parseOciUrl } from './deploy/reference.js';
export {
  ensureSpecgenBinary,
  defaultSpecgenCacheDir,
  SPECGEN_SOURCE_DIR,
  type SpecgenBinary,
  type SpecgenBinaryOptions,
} from './specgen/binary.js';
export { PLUGIN_TAGS } from './annotations/plugin.js';
export { FIELD_TAGS } from './annotations/field.js';
export { LANGUAGES } from './annotations/language.js';
export * from './errors.js';
export * from './types.js';
