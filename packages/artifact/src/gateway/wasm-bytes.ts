/**
 * What the gateway checks about the extracted bytes, whichever way they were wrapped: at least 8
 * bytes starting with `\0asm` (istio pkg/wasm isValidWasmBinary). Nothing more: a WebAssembly
 * component or a module cut at 256 MiB passes the fetcher and fails later, in Envoy's Wasm runtime,
 * so those are warnings of their own (scope "runtime"), not the fetcher's verdict.
 */
import { WASM_MAGIC } from '../media-types.js';
import type { ExtractedModule } from './variants.js';

const CORE_MODULE_VERSION = Buffer.from([0x01, 0x00, 0x00, 0x00]);

/** Why the fetcher refuses these bytes ("fetched Wasm binary … is invalid"), or undefined. */
export function invalidModuleReason(m: ExtractedModule): string | undefined {
  if (m.size === 0) return `${m.where} is empty, so the gateway has no module to load`;
  if (m.head.length < 4 || !m.head.subarray(0, 4).equals(WASM_MAGIC)) {
    return `${m.where} is not a WebAssembly module: it does not start with "\\0asm". Package the .wasm your build wrote, not another file`;
  }
  if (m.size < 8) return `${m.where} is ${m.size} bytes; a WebAssembly module has at least the 8-byte header (magic and version)`;
  return undefined;
}

/** What the fetcher lets through but Envoy's Wasm runtime will not load. */
export function runtimeWarnings(m: ExtractedModule): string[] {
  const warnings: string[] = [];
  if (m.truncated) {
    warnings.push(
      `${m.where} is larger than 256 MiB: the gateway keeps only its first 256 MiB and hands Envoy a cut-off module, which fails to load. Strip debug data (go build -ldflags="-s -w").`,
    );
  }
  if (m.head.length >= 8 && !m.head.subarray(4, 8).equals(CORE_MODULE_VERSION)) {
    warnings.push(
      `${m.where} is not a core WebAssembly module (version bytes ${m.head.subarray(4, 8).toString('hex')}); proxy-wasm runtimes load version 1 modules, not components.`,
    );
  }
  return warnings;
}
