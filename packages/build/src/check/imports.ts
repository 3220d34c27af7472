/**
 * Imports: a gateway links only `env` (proxy_* host functions) and `wasi_snapshot_preview1`;
 * anything else fails at load time, and some functions exist only on some gateways.
 */
import {
  HIGRESS_ONLY_HOST_FUNCTIONS,
  OTHER_ENV_FUNCTIONS,
  STANDARD_HOST_FUNCTIONS,
  WASI_MISSING_ON_OLD_GATEWAYS,
} from './host-functions.js';
import type { ErrorFinding, Finding, WasmImport } from './types.js';

function linkable(i: WasmImport): boolean {
  if (i.kind !== 'function') return false;
  if (i.module === 'wasi_snapshot_preview1') return true;
  return i.module === 'env' && (i.name.startsWith('proxy_') || OTHER_ENV_FUNCTIONS.has(i.name));
}

const label = (i: WasmImport) => `${i.module}.${i.name}${i.kind === 'function' ? '' : ` (${i.kind})`}`;

export function checkImports(imports: WasmImport[], name: string): { errors: ErrorFinding[]; warnings: Finding[] } {
  const errors: ErrorFinding[] = [];
  const warnings: Finding[] = [];
  const foreign = imports.filter((i) => !linkable(i));
  if (foreign.length) {
    errors.push({
      code: 'WASM_FOREIGN_IMPORT',
      message: `${name} imports what no proxy-wasm host provides: ${foreign.map(label).join(', ')}. Only env.proxy_* host functions and wasi_snapshot_preview1 can be linked.`,
    });
  }
  const proxy = imports.filter((i) => i.module === 'env' && i.kind === 'function' && i.name.startsWith('proxy_'));
  const higress = proxy.filter((i) => HIGRESS_ONLY_HOST_FUNCTIONS.has(i.name)).map((i) => i.name);
  if (higress.length) {
    warnings.push({
      code: 'WASM_HIGRESS_ONLY_HOST_FUNCTION',
      message: `${name} imports host functions only Higress provides: ${higress.join(', ')}. It will load on Higress but not on plain Envoy or Istio (wasm-go#31).`,
    });
  }
  const unknown = proxy.filter((i) => !HIGRESS_ONLY_HOST_FUNCTIONS.has(i.name) && !STANDARD_HOST_FUNCTIONS.has(i.name)).map((i) => i.name);
  if (unknown.length) {
    warnings.push({
      code: 'WASM_UNKNOWN_HOST_FUNCTION',
      message: `${name} imports host functions that are neither in the proxy-wasm ABI 0.2.1 nor Higress extras: ${unknown.join(', ')}. The gateway may refuse to load it.`,
    });
  }
  const wasi = imports.filter((i) => i.module === 'wasi_snapshot_preview1' && WASI_MISSING_ON_OLD_GATEWAYS.has(i.name)).map((i) => i.name);
  if (wasi.length) {
    warnings.push({
      code: 'WASM_WASI_NOT_ON_OLD_GATEWAYS',
      message: `${name} imports wasi_snapshot_preview1.${wasi.join(', wasi_snapshot_preview1.')}, which older Higress gateways lack (higress docs#448): there it fails to load. Upgrade the gateway to a release that supports Go 1.24 plugins.`,
    });
  }
  return { errors, warnings };
}
