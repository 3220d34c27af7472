/** The header-map functions, over the active stream's maps or the current callout response. */
import { MapType, Status } from '../abi.js';
import { deserializePairs, HeaderMap, serializePairs } from '../header-map.js';
import { activeStream } from '../state.js';
import type { HostCallContext, HostFunctions } from './context.js';

const encoder = new TextEncoder();

export function headerFunctions({ state, mem }: HostCallContext): HostFunctions {
  function mapOf(type: number): HeaderMap | undefined {
    if (type === MapType.HTTP_CALL_RESPONSE_HEADERS || type === MapType.HTTP_CALL_RESPONSE_TRAILERS) {
      const call = state.callResponse;
      if (!call) return undefined;
      // Callout maps are read-only snapshots; a fresh HeaderMap each time keeps them so.
      return new HeaderMap(type === MapType.HTTP_CALL_RESPONSE_HEADERS ? call.headers : call.trailers);
    }
    const stream = activeStream(state);
    if (!stream) return undefined;
    switch (type) {
      case MapType.REQUEST_HEADERS:
        return stream.requestHeaders;
      case MapType.REQUEST_TRAILERS:
        return stream.requestTrailers;
      case MapType.RESPONSE_HEADERS:
        return stream.responseHeaders;
      case MapType.RESPONSE_TRAILERS:
        return stream.responseTrailers;
      default:
        return undefined;
    }
  }

  return {
    proxy_get_header_map_pairs: (type: number, retPtr: number, retSize: number) => {
      const map = mapOf(type);
      // An empty map still serialises to 4 bytes (a zero count): never OK with less, or the SDK
      // indexes past the end.
      if (!map) return mem.nothing(retPtr, retSize);
      return mem.give(serializePairs(map.pairs), retPtr, retSize);
    },
    proxy_set_header_map_pairs: (type: number, ptr: number, len: number) => {
      const map = mapOf(type);
      if (!map) return Status.NOT_FOUND;
      const pairs = deserializePairs(mem.bytes(ptr, len));
      if (!pairs) return Status.SERIALIZATION_FAILURE;
      map.pairs = pairs.map(([k, v]) => [k.toLowerCase(), v]);
      return Status.OK;
    },
    proxy_get_header_map_value: (type: number, keyPtr: number, keyLen: number, retPtr: number, retSize: number) => {
      const value = mapOf(type)?.get(mem.string(keyPtr, keyLen));
      if (value === undefined) return mem.nothing(retPtr, retSize);
      return mem.give(encoder.encode(value), retPtr, retSize);
    },
    proxy_add_header_map_value: (type: number, keyPtr: number, keyLen: number, valuePtr: number, valueLen: number) => {
      const map = mapOf(type);
      if (!map) return Status.NOT_FOUND;
      map.add(mem.string(keyPtr, keyLen), mem.string(valuePtr, valueLen));
      return Status.OK;
    },
    proxy_replace_header_map_value: (type: number, keyPtr: number, keyLen: number, valuePtr: number, valueLen: number) => {
      const map = mapOf(type);
      if (!map) return Status.NOT_FOUND;
      map.replace(mem.string(keyPtr, keyLen), mem.string(valuePtr, valueLen));
      return Status.OK;
    },
    proxy_remove_header_map_value: (type: number, keyPtr: number, keyLen: number) => {
      const map = mapOf(type);
      if (!map) return Status.NOT_FOUND;
      map.remove(mem.string(keyPtr, keyLen));
      return Status.OK;
    },
  };
}
