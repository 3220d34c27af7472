/**
 * A small but real WebAssembly module shaped like a proxy-wasm plugin (the exports a Go reactor
 * built with -buildmode=c-shared has), encoded by hand so tests need no toolchain.
 * `padTo` appends a custom section so benchmarks and size-limit tests can ask for any size.
 */
import { leb128, wasmName } from '../../../../test/support/wasm-encoding.js';

const EXPORTED_FUNCTIONS = [
  '_initialize',
  'proxy_abi_version_0_2_1',
  'proxy_on_context_create',
  'proxy_on_configure',
  'proxy_on_request_headers',
  'proxy_on_done',
  'malloc',
];

export function proxyWasmModule(options: { seed?: number; padTo?: number } = {}): Buffer {
  const seed = options.seed ?? 1;
  const types = section(1, vec([Buffer.from([0x60, 0x00, 0x00])])); // one type: () -> ()
  const funcs = section(3, vec(EXPORTED_FUNCTIONS.map(() => u32(0))));
  const memory = section(5, vec([Buffer.from([0x00, 0x02])])); // min 2 pages, no max
  const exports = section(
    7,
    vec([
      ...EXPORTED_FUNCTIONS.map((name, i) => Buffer.concat([str(name), Buffer.from([0x00]), u32(i)])),
      Buffer.concat([str('memory'), Buffer.from([0x02, 0x00])]),
    ]),
  );
  // Each body: no locals, `i32.const seed; drop; end` — the seed makes distinct modules distinguishable.
  const body = Buffer.concat([Buffer.from([0x00, 0x41]), i32(seed), Buffer.from([0x1a, 0x0b])]);
  const code = section(10, vec(EXPORTED_FUNCTIONS.map(() => Buffer.concat([u32(body.length), body]))));
  const module = Buffer.concat([Buffer.from('\0asm'), Buffer.from([1, 0, 0, 0]), types, funcs, memory, exports, code]);
  if (!options.padTo || options.padTo <= module.length + 16) return module;
  return Buffer.concat([module, paddingSection(options.padTo - module.length, seed)]);
}

/** A custom section of exactly `total` bytes whose content compresses about as well as Go wasm (~3:1). */
function paddingSection(total: number, seed: number): Buffer {
  const name = str('hplugin.padding');
  const headerGuess = 1 + 5; // id + a 5-byte LEB128 size
  const content = Buffer.alloc(total - headerGuess - name.length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < content.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    // Mostly a small alphabet (compressible), sometimes any byte.
    content[i] = (x & 0xff) < 200 ? 0x20 + ((x >>> 8) % 16) : (x >>> 16) & 0xff;
  }
  const payload = Buffer.concat([name, content]);
  return Buffer.concat([Buffer.from([0x00]), u32Padded(payload.length), payload]);
}

function section(id: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([id]), u32(payload.length), payload]);
}
function vec(items: Buffer[]): Buffer {
  return Buffer.concat([u32(items.length), ...items]);
}
function str(s: string): Buffer {
  return Buffer.from(wasmName(s));
}
function u32(n: number): Buffer {
  return Buffer.from(leb128(n));
}
/** Always 5 bytes, so the section's total size is known before its content is. */
function u32Padded(n: number): Buffer {
  const out = Buffer.alloc(5);
  for (let i = 0; i < 5; i++) out[i] = ((n >>> (7 * i)) & 0x7f) | (i < 4 ? 0x80 : 0);
  return out;
}
function i32(n: number): Buffer {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return Buffer.from(out);
    }
    out.push(byte | 0x80);
  }
}
