/**
 * proxy_get_property / proxy_set_property. A path arrives as its segments, each followed by \0
 * (`request\0path\0`); the host keys properties by the segments joined with '.', so callers write
 * `{ 'request.path': ... }` or `{ route_name: ... }`.
 *
 * Lookup order: what the plugin set on this stream, the caller's per-request properties, what the
 * plugin set on the root context, the host's properties, then defaults derived from the request.
 * route_name, cluster_name and plugin_name have no default: wasm-go copes with NOT_FOUND for them.
 */
import { Status } from '../abi.js';
import { activeStream, type StreamState } from '../state.js';
import type { HostCallContext, HostFunctions } from './context.js';

const encoder = new TextEncoder();

/** Envoy encodes integer attributes as 8-byte little-endian int64. */
export function int64(value: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigInt64(0, BigInt(value), true);
  return out;
}

export function propertyKey(raw: Uint8Array): string {
  const text = new TextDecoder().decode(raw);
  return text
    .split('\0')
    .filter((s) => s.length > 0)
    .join('.');
}

const SOURCE_PORT = 51234;
const DESTINATION_PORT = 8080;

/** The attributes Envoy derives from the request, for the ones plugins commonly read. */
export function defaultProperty(key: string, stream: StreamState | undefined): Uint8Array | undefined {
  const text = (value: string | undefined) => (value === undefined ? undefined : encoder.encode(value));
  const header = (name: string) => stream?.requestHeaders.get(name);
  switch (key) {
    case 'request.path':
      return text(header(':path'));
    case 'request.url_path':
      return text(header(':path')?.split('?')[0]);
    case 'request.query': {
      const path = header(':path');
      return path === undefined ? undefined : text(path.includes('?') ? path.slice(path.indexOf('?') + 1) : '');
    }
    case 'request.host':
      return text(header(':authority'));
    case 'request.method':
      return text(header(':method'));
    case 'request.scheme':
      return text(header(':scheme'));
    case 'request.id':
      return text(header('x-request-id'));
    case 'request.useragent':
      return text(header('user-agent'));
    case 'request.referer':
      return text(header('referer'));
    case 'request.protocol':
      return stream ? text('HTTP/1.1') : undefined;
    case 'response.code': {
      const status = stream?.localResponse?.status ?? stream?.responseHeaders.get(':status');
      return status === undefined ? undefined : int64(Number(status));
    }
    case 'response.code_details':
      if (stream?.localResponse) return text(stream.localResponse.details);
      return stream?.responseHeaders.get(':status') ? text('via_upstream') : undefined;
    case 'source.address':
      return text(`127.0.0.1:${SOURCE_PORT}`);
    case 'source.port':
      return int64(SOURCE_PORT);
    case 'destination.address':
      return text(`127.0.0.1:${DESTINATION_PORT}`);
    case 'destination.port':
      return int64(DESTINATION_PORT);
    default:
      return undefined;
  }
}

export function propertyFunctions({ state, mem }: HostCallContext): HostFunctions {
  return {
    proxy_get_property: (pathPtr: number, pathLen: number, retPtr: number, retSize: number) => {
      const key = propertyKey(mem.bytes(pathPtr, pathLen));
      const stream = activeStream(state);
      const value =
        stream?.properties.get(key) ?? state.rootProperties.get(key) ?? state.properties.get(key) ?? defaultProperty(key, stream);
      if (value === undefined) return mem.nothing(retPtr, retSize);
      return mem.give(value, retPtr, retSize);
    },
    proxy_set_property: (pathPtr: number, pathLen: number, valuePtr: number, valueLen: number) => {
      const key = propertyKey(mem.bytes(pathPtr, pathLen));
      const target = activeStream(state)?.properties ?? state.rootProperties;
      target.set(key, mem.bytes(valuePtr, valueLen));
      return Status.OK;
    },
  };
}
