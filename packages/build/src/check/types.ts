/** The result of checking a module against what a Higress gateway loads. */
import type { ErrorCode } from '@hplugin/core';

/** An error finding fails the build, thrown with its code: so it must be a catalogued error code. */
export type ErrorFindingCode = Extract<ErrorCode, `WASM_${string}`>;

export interface Finding<Code extends string = string> {
  /** Permanent UPPER_SNAKE code, e.g. WASM_NOT_REACTOR. */
  code: Code;
  message: string;
}

/** A finding that fails the check (warnings are plain Findings: reported, never thrown). */
export type ErrorFinding = Finding<ErrorFindingCode>;

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
  errors: ErrorFinding[];
  warnings: Finding[];
  size: number;
}
