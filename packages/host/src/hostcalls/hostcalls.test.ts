/**
 * Host functions through the same memory interface the module uses, with a plain ArrayBuffer as
 * linear memory and a bump allocator that counts its calls.
 */
import { describe, expect, it } from 'vitest';
import { BufferType, MapType, Status } from '../abi.js';
import { ModuleMemory } from '../memory.js';
import { newHostState, newStream } from '../state.js';
import { hostFunctions } from './index.js';

function setup() {
  const memory = { buffer: new ArrayBuffer(1 << 16) };
  let next = 1024;
  let allocations = 0;
  const mem = new ModuleMemory(
    () => memory,
    (size) => {
      allocations++;
      const ptr = next;
      next += size;
      return ptr;
    },
  );
  const state = newHostState(1, 'info');
  const fns = hostFunctions({ state, mem, foreignFunctions: { echo: (args) => args } }) as Record<
    string,
    (...args: Array<number | bigint>) => number
  >;
  const RET_PTR = 16;
  const RET_SIZE = 20;
  const view = () => new DataView(memory.buffer);
  const put = (ptr: number, text: string | Uint8Array) => {
    const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
    new Uint8Array(memory.buffer).set(bytes, ptr);
    return [ptr, bytes.length] as const;
  };
  const returned = () => {
    const ptr = view().getUint32(RET_PTR, true);
    const size = view().getUint32(RET_SIZE, true);
    return new Uint8Array(memory.buffer, ptr, size).slice();
  };
  return { state, fns, put, returned, view, RET_PTR, RET_SIZE, allocations: () => allocations };
}

describe('memory handoff', () => {
  it('answers "nothing" with 0/0 and NOT_FOUND, without allocating', () => {
    const t = setup();
    t.view().setUint32(t.RET_PTR, 99, true);
    expect(t.fns.proxy_get_header_map_pairs!(MapType.REQUEST_HEADERS, t.RET_PTR, t.RET_SIZE)).toBe(Status.NOT_FOUND);
    expect([t.view().getUint32(t.RET_PTR, true), t.view().getUint32(t.RET_SIZE, true)]).toEqual([0, 0]);
    expect(t.fns.proxy_get_buffer_bytes!(BufferType.PLUGIN_CONFIGURATION, 0, 100, t.RET_PTR, t.RET_SIZE)).toBe(Status.NOT_FOUND);
    expect(t.allocations()).toBe(0);
  });

  it('never answers OK with fewer than 4 bytes of map data, and allocates once per call', () => {
    const t = setup();
    t.state.streams.set(2, newStream(2));
    t.state.effectiveId = 2;
    expect(t.fns.proxy_get_header_map_pairs!(MapType.REQUEST_HEADERS, t.RET_PTR, t.RET_SIZE)).toBe(Status.OK);
    expect(t.returned()).toEqual(new Uint8Array(4));
    expect(t.allocations()).toBe(1);
  });

  it('serves the plugin config through buffer type 7, honouring start and max', () => {
    const t = setup();
    t.state.pluginConfig = new TextEncoder().encode('{"a":1}');
    expect(t.fns.proxy_get_buffer_bytes!(BufferType.PLUGIN_CONFIGURATION, 2, 3, t.RET_PTR, t.RET_SIZE)).toBe(Status.OK);
    expect(new TextDecoder().decode(t.returned())).toBe('a":');
  });
});

describe('set_buffer_bytes modes', () => {
  it.each([
    ['prepend with (0, 0)', 0, 0, 'X', 'Xbody'],
    ['append with start ≥ length', 4, 0, 'X', 'bodyX'],
    ['replace with (0, ≥ length)', 0, 4, 'X', 'X'],
    ['replace a middle range', 1, 2, 'X', 'bXy'],
  ])('%s', (_name, start, size, data, expected) => {
    const t = setup();
    const stream = newStream(2);
    stream.requestBody = new TextEncoder().encode('body');
    t.state.streams.set(2, stream);
    t.state.effectiveId = 2;
    const [ptr, len] = t.put(2048, data);
    expect(t.fns.proxy_set_buffer_bytes!(BufferType.REQUEST_BODY, start, size, ptr, len)).toBe(Status.OK);
    expect(new TextDecoder().decode(stream.requestBody)).toBe(expected);
  });
});

describe('properties', () => {
  it('reads request attributes from the headers and leaves route_name NOT_FOUND', () => {
    const t = setup();
    const stream = newStream(2);
    stream.requestHeaders.add(':path', '/a?b=1');
    t.state.streams.set(2, stream);
    t.state.effectiveId = 2;
    const [p1, l1] = t.put(2048, 'request\0url_path\0');
    expect(t.fns.proxy_get_property!(p1, l1, t.RET_PTR, t.RET_SIZE)).toBe(Status.OK);
    expect(new TextDecoder().decode(t.returned())).toBe('/a');
    const [p2, l2] = t.put(2048, 'route_name\0');
    expect(t.fns.proxy_get_property!(p2, l2, t.RET_PTR, t.RET_SIZE)).toBe(Status.NOT_FOUND);
    const [v, vl] = t.put(3000, 'r1');
    expect(t.fns.proxy_set_property!(p2, l2, v, vl)).toBe(Status.OK);
    expect(t.fns.proxy_get_property!(p2, l2, t.RET_PTR, t.RET_SIZE)).toBe(Status.OK);
    expect(new TextDecoder().decode(t.returned())).toBe('r1');
  });
});

describe('shared data and metrics', () => {
  it('checks CAS on shared data', () => {
    const t = setup();
    const [k, kl] = t.put(2048, 'key');
    const [v, vl] = t.put(2100, 'v1');
    expect(t.fns.proxy_set_shared_data!(k, kl, v, vl, 0)).toBe(Status.OK);
    expect(t.fns.proxy_get_shared_data!(k, kl, t.RET_PTR, t.RET_SIZE, 40)).toBe(Status.OK);
    const cas = t.view().getUint32(40, true);
    expect(t.fns.proxy_set_shared_data!(k, kl, v, vl, cas + 1)).toBe(Status.CAS_MISMATCH);
    expect(t.fns.proxy_set_shared_data!(k, kl, v, vl, cas)).toBe(Status.OK);
  });

  it('defines, increments and reads a counter with 64-bit values', () => {
    const t = setup();
    const [n, nl] = t.put(2048, 'requests_total');
    expect(t.fns.proxy_define_metric!(0, n, nl, 40)).toBe(Status.OK);
    const id = t.view().getUint32(40, true);
    expect(t.fns.proxy_increment_metric!(id, 5n)).toBe(Status.OK);
    expect(t.fns.proxy_increment_metric!(id, -2n)).toBe(Status.OK);
    expect(t.fns.proxy_get_metric!(id, 48)).toBe(Status.OK);
    expect(t.view().getBigUint64(48, true)).toBe(3n);
  });
});

describe('foreign functions', () => {
  it('answers get_log_level with a 4-byte little-endian level and calls user functions', () => {
    const t = setup();
    const [n, nl] = t.put(2048, 'get_log_level');
    expect(t.fns.proxy_call_foreign_function!(n, nl, 0, 0, t.RET_PTR, t.RET_SIZE)).toBe(Status.OK);
    expect(t.returned()).toEqual(new Uint8Array([2, 0, 0, 0]));
    const [e, el] = t.put(2048, 'echo');
    const [a, al] = t.put(2100, 'ping');
    expect(t.fns.proxy_call_foreign_function!(e, el, a, al, t.RET_PTR, t.RET_SIZE)).toBe(Status.OK);
    expect(new TextDecoder().decode(t.returned())).toBe('ping');
    const [u, ul] = t.put(2048, 'nope');
    expect(t.fns.proxy_call_foreign_function!(u, ul, 0, 0, t.RET_PTR, t.RET_SIZE)).toBe(Status.NOT_FOUND);
    expect(t.state.stubbedCalls).toEqual(['foreign:nope']);
  });
});
