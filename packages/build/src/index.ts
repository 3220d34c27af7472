/**
 * @hplugin/build: Go/TinyGo builds of Higress Wasm plugins, the proxy-wasm module check, and the
 * content-hash build cache. No OCI, no registries.
 */
export { buildPlugin, isBuildStale, type StaleCheck } from './build.js';
export { buildCommand, packageArg, TINYGO_REQUIRED_TAGS, type BuildCommand } from './command.js';
export { checkWasm } from './check/wasm-check.js';
export { MAX_MODULE_BYTES } from './check/host-functions.js';
export type { ErrorFinding, ErrorFindingCode, Finding, WasmCheckResult, WasmExport, WasmImport } from './check/types.js';
export { parseDiagnostics, type Diagnostic } from './diagnostics.js';
export { findToolchain, type FindToolchainOptions, type FoundToolchain } from './toolchain/find.js';
export { toolchainReport, type ToolchainReport, type ToolchainStatus } from './toolchain/report.js';
export { parseGoVersion, parseTinygoVersion, MIN_GO, MIN_TINYGO, type GoVersion, type TinygoVersion } from './toolchain/version.js';
export { moduleInputDirs, parseGoMod, type GoModInfo, type GoModReplace } from './gomod.js';
export { parseBuildrc, readBuildrc, tagsFromBuildrc } from './conventions.js';
// The cache folder is core's (the publish fast path finds it without loading this package).
export { defaultCacheDir } from '@hplugin/core';
export type { BuildOptions, BuildResult, ToolchainInfo, ToolchainName } from './options.js';
