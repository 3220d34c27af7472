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

/**
 * Headers Envoy keeps "inline" (O(1) slots, envoy/http/header_map.h INLINE_*_HEADERS). Adding one
 * that already exists appends to it with a comma (HeaderMapImpl::insertByKey → appendToHeader)
 * instead of adding a second entry; every other name gets a second entry.
 */
const INLINE_BOTH = [
  'connection',
  'content-type',
  'x-envoy-decorator-operation',
  'keep-alive',
  'proxy-connection',
  'proxy-status',
  'x-request-id',
  'transfer-encoding',
  'upgrade',
  'via',
  'content-length',
  'x-envoy-attempt-count',
];
const INLINE_REQUEST = [
  ...INLINE_BOTH,
  'x-client-trace-id',
  'x-envoy-downstream-service-cluster',
  'x-envoy-downstream-service-node',
  'x-envoy-external-address',
  'x-envoy-force-trace',
  'x-envoy-hedge-on-per-try-timeout',
  'x-envoy-internal',
  'x-envoy-ip-tags',
  'x-envoy-retry-on',
  'x-envoy-retry-grpc-on',
  'x-envoy-retriable-status-codes',
  'x-envoy-retriable-header-names',
  'x-envoy-original-path',
  'x-envoy-original-url',
  'x-envoy-upstream-alt-stat-name',
  'x-envoy-upstream-rq-timeout-alt-response',
  'expect',
  'x-forwarded-client-cert',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'grpc-timeout',
  ':authority',
  ':method',
  ':path',
  ':protocol',
  ':scheme',
  'te',
  'user-agent',
  'x-envoy-max-retries',
  'x-envoy-upstream-rq-timeout-ms',
  'x-envoy-upstream-rq-per-try-timeout-ms',
  'x-envoy-upstream-stream-duration-ms',
  'x-envoy-expected-rq-timeout-ms',
];
const INLINE_RESPONSE = [
  ...INLINE_BOTH,
  'date',
  'x-envoy-degraded',
  'x-envoy-immediate-health-check-fail',
  'x-envoy-ratelimited',
  'x-envoy-upstream-canary',
  'x-envoy-upstream-healthchecked-cluster',
  'location',
  'server',
  'x-envoy-upstream-service-time',
  ':status',
  'grpc-status',
  'grpc-message',
];

/** Which of Envoy's header map classes a map is; it decides which names are inline. */
export type HeaderMapKind = 'request' | 'response' | 'trailers';

const INLINE: Record<HeaderMapKind, ReadonlySet<string>> = {
  request: new Set(INLINE_REQUEST),
  response: new Set(INLINE_RESPONSE),
  trailers: new Set(['grpc-status', 'grpc-message']),
};

export function isInlineHeader(kind: HeaderMapKind, name: string): boolean {
  return INLINE[kind].has(name.toLowerCase());
}

export class HeaderMap {
  pairs: HeaderPairs;

  constructor(
    init?: HeadersInit,
    readonly kind: HeaderMapKind = 'request',
  ) {
    this.pairs = toPairs(init);
  }

  get(name: string): string | undefined {
    const key = name.toLowerCase();
    return this.pairs.find(([k]) => k === key)?.[1];
  }

  /** Envoy's addCopy: an inline header that exists gets `,value` appended; anything else a new entry. */
  add(name: string, value: string): void {
    const key = name.toLowerCase();
    const index = this.pairs.findIndex(([k]) => k === key);
    if (index >= 0 && isInlineHeader(this.kind, key)) {
      const current = this.pairs[index]![1];
      // appendToHeader skips the delimiter when either side is empty.
      this.pairs[index] = [key, current === '' ? value : value === '' ? current : `${current},${value}`];
      return;
    }
    this.insert(key, value);
  }

  /** Envoy's setCopy: remove every occurrence, then add (so a repeated header collapses to one). */
  replace(name: string, value: string): void {
    const key = name.toLowerCase();
    this.remove(key);
    this.insert(key, value);
  }

  remove(name: string): void {
    const key = name.toLowerCase();
    this.pairs = this.pairs.filter(([k]) => k !== key);
  }

  /** HeaderList::insert: pseudo-headers go after the last pseudo-header, the rest at the end. */
  private insert(key: string, value: string): void {
    if (!key.startsWith(':')) {
      this.pairs.push([key, value]);
      return;
    }
    let end = 0;
    while (end < this.pairs.length && this.pairs[end]![0].startsWith(':')) end++;
    this.pairs.splice(end, 0, [key, value]);
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
