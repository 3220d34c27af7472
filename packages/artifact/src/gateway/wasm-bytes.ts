/** What every variant checks about the module itself, whichever way it was wrapped. */
import { GATEWAY_MAX_WASM_BYTES, WASM_MAGIC } from '../media-types.js';

const CORE_MODULE_VERSION = Buffer.from([0x01, 0x00, 0x00, 0x00]);

/** Problems with a module, given its size and first bytes; `where` names it in the messages. */
export function moduleProblems(where: string, size: number, head: Buffer): string[] {
  if (size > GATEWAY_MAX_WASM_BYTES) {
    return [`${where} is ${size} bytes; the gateway reads at most 256 MiB. Strip debug data (go build -ldflags="-s -w") or split the plugin.`];
  }
  if (head.length < 4 || !head.subarray(0, 4).equals(WASM_MAGIC)) {
    return [`${where} is not a WebAssembly module: it does not start with "\\0asm". Package the .wasm your build wrote, not another file.`];
  }
  if (head.length >= 8 && !head.subarray(4, 8).equals(CORE_MODULE_VERSION)) {
    return [`${where} is not a core WebAssembly module (version bytes ${head.subarray(4, 8).toString('hex')}); proxy-wasm hosts load version 1 modules, not components.`];
  }
  return [];
}
