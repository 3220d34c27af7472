/**
 * The first eight bytes: `\0asm` and version 1. Checked before the engine sees the module so that
 * the common mistakes get a plain-language message instead of a V8 offset.
 */
import type { ErrorFinding } from './types.js';

const MAGIC = [0x00, 0x61, 0x73, 0x6d];

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** Recognise what was passed instead, when it is something people mix up with a module. */
function sniff(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'It is gzip data: pass plugin.wasm, not plugin.tar.gz (or unpack it first).';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'It is a zip archive.';
  const text = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart();
  if (text.startsWith('<')) return 'It looks like HTML or XML: perhaps a download that returned an error page.';
  if (text.startsWith('{') || text.startsWith('[')) return 'It looks like JSON: perhaps an OCI manifest rather than the module.';
  if (text.startsWith('(module')) return 'It is WebAssembly text (.wat): assemble it to binary first.';
  return undefined;
}

export function checkHeader(bytes: Uint8Array, name: string): ErrorFinding | undefined {
  if (bytes.length === 0) return { code: 'WASM_INVALID', message: `${name} is empty (0 bytes).` };
  if (!MAGIC.every((b, i) => bytes[i] === b)) {
    const extra = sniff(bytes);
    return {
      code: 'WASM_INVALID',
      message: `${name} is not a WebAssembly module: it starts with ${hex(bytes.subarray(0, 4))}, not 00 61 73 6d ("\\0asm").${extra ? ` ${extra}` : ''}`,
    };
  }
  if (bytes.length < 8)
    return { code: 'WASM_INVALID', message: `${name} is truncated: ${bytes.length} bytes, shorter than the 8-byte module header.` };
  const version = bytes.subarray(4, 8);
  if (version[0] === 0x01 && version[1] === 0 && version[2] === 0 && version[3] === 0) return undefined;
  if (version[2] === 0x01 && version[3] === 0x00) {
    return {
      code: 'WASM_INVALID',
      message: `${name} is a WebAssembly component (component model), not a core module; proxy-wasm hosts load core modules only.`,
    };
  }
  return {
    code: 'WASM_INVALID',
    message: `${name} has WebAssembly version bytes ${hex(version)}; only version 1 (01 00 00 00) is supported.`,
  };
}
