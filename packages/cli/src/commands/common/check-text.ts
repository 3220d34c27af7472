import type { WasmCheckResult } from '@hplugin/build';

/** One line about a checked module, as `build` and `check` both print it. */
export function describeCheck(check: WasmCheckResult): string {
  const abi = check.abiVersions.length ? `proxy-wasm ABI ${check.abiVersions.join(', ')}` : 'no proxy-wasm ABI';
  return `${check.kind}, ${abi}, ${check.imports.length} imports`;
}
