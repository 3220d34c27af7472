/**
 * Header maps as Envoy keeps them: ordered pairs, names lower-cased, repeated names allowed, and
 * the proxy-wasm wire form (little-endian): u32 count, count × (u32 key_len, u32 value_len), then
 * each pair as `key\0value\0`.
 */
export type HeaderPairs = Array<[string, string]>;
export type HeadersInit = HeaderPairs | Record<string, string | readonly string[]>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function toPairs(init: HeadersInit | undefined): HeaderPairs {
  if (!init) return [];
  if (Array.isArray(init)) return init.map(([k, v]) => [k.toLowerCase(), String(v)]);
  const pairs: HeaderPairs = [];
  for (const [key, value] of Object.entries(init)) {
    for (const v of Array.isArray(value) ? value : [value]) pairs.push([key.toLowerCase(), String(v)]);
  }
  return pairs;
}

export class HeaderMap {
  pairs: HeaderPairs;

  constructor(init?: HeadersInit) {
    this.pairs = toPairs(init);
  }

  get(name: string): string | undefined {
    const key = name.toLowerCase();
    return this.pairs.find(([k]) => k === key)?.[1];
  }

  add(name: string, value: string): void {
    this.pairs.push([name.toLowerCase(), value]);
  }

  /** Envoy's setCopy: the first occurrence takes the value, later ones go; absent means add. */
  replace(name: string, value: string): void {
    const key = name.toLowerCase();
    const index = this.pairs.findIndex(([k]) => k === key);
    if (index < 0) return this.add(key, value);
    this.pairs = this.pairs.filter(([k], i) => k !== key || i === index);
    this.pairs[index] = [key, value];
  }

  remove(name: string): void {
    const key = name.toLowerCase();
    this.pairs = this.pairs.filter(([k]) => k !== key);
  }

  get size(): number {
    return this.pairs.length;
  }

  snapshot(): HeaderPairs {
    return this.pairs.map(([k, v]) => [k, v]);
  }
}

export function serializePairs(pairs: HeaderPairs): Uint8Array {
  const encoded = pairs.map(([k, v]) => [encoder.encode(k), encoder.encode(v)] as const);
  const size = encoded.reduce((n, [k, v]) => n + 8 + k.length + v.length + 2, 4);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, encoded.length, true);
  let sizes = 4;
  let data = 4 + encoded.length * 8;
  for (const [k, v] of encoded) {
    view.setUint32(sizes, k.length, true);
    view.setUint32(sizes + 4, v.length, true);
    sizes += 8;
    out.set(k, data);
    data += k.length + 1; // the byte after each string stays 0
    out.set(v, data);
    data += v.length + 1;
  }
  return out;
}

/** The inverse of serializePairs; undefined when the bytes are not a well-formed map. */
export function deserializePairs(bytes: Uint8Array): HeaderPairs | undefined {
  if (bytes.length === 0) return [];
  if (bytes.length < 4) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(0, true);
  let sizes = 4;
  let data = 4 + count * 8;
  if (data > bytes.length) return undefined;
  const pairs: HeaderPairs = [];
  for (let i = 0; i < count; i++) {
    const keyLen = view.getUint32(sizes, true);
    const valueLen = view.getUint32(sizes + 4, true);
    sizes += 8;
    if (data + keyLen + valueLen + 2 > bytes.length) return undefined;
    const key = decoder.decode(bytes.subarray(data, data + keyLen));
    data += keyLen + 1;
    const value = decoder.decode(bytes.subarray(data, data + valueLen));
    data += valueLen + 1;
    pairs.push([key, value]);
  }
  return pairs;
}
