/** The result of checking a module against what a Higress gateway loads. */

export interface Finding {
  /** Permanent UPPER_SNAKE code, e.g. WASM_NOT_REACTOR. */
  code: string;
  message: string;
}

export interface WasmImport {
  module: string;
  name: string;
  kind: string;
}

export interface WasmExport {
  name: string;
  kind: string;
}

export interface WasmCheckResult {
  /** No errors (warnings allowed). */
  ok: boolean;
  /** reactor: exports _initialize (what the gateway needs); command: only _start. */
  kind: 'reactor' | 'command' | 'unknown';
  /** From proxy_abi_version_X_Y_Z exports, e.g. ['0.2.100']. */
  abiVersions: string[];
  exports: WasmExport[];
  /** Unique module.name pairs (Go's linker lists some WASI imports twice). */
  imports: WasmImport[];
  errors: Finding[];
  warnings: Finding[];
  size: number;
}
