/** Local replies, resuming and closing streams, and the effective context. */
import { Status, StreamType } from '../abi.js';
import { deserializePairs } from '../header-map.js';
import { activeStream } from '../state.js';
import type { HostCallContext, HostFunctions } from './context.js';

export function streamFunctions({ state, mem }: HostCallContext): HostFunctions {
  return {
    proxy_send_local_response: (
      status: number,
      detailsPtr: number,
      detailsLen: number,
      bodyPtr: number,
      bodyLen: number,
      headersPtr: number,
      headersLen: number,
      grpcStatus: number,
    ) => {
      const stream = activeStream(state);
      if (!stream) return Status.NOT_FOUND;
      const headers = deserializePairs(mem.bytes(headersPtr, headersLen));
      if (!headers) return Status.SERIALIZATION_FAILURE;
      // Envoy sends only the first local reply of a stream.
      if (stream.localResponse) return Status.OK;
      const bodyBytes = mem.bytes(bodyPtr, bodyLen);
      stream.localResponse = {
        status: status >>> 0,
        headers: headers.map(([k, v]) => [k.toLowerCase(), v]),
        body: new TextDecoder().decode(bodyBytes),
        bodyBytes,
        details: mem.string(detailsPtr, detailsLen),
        grpcStatus,
      };
      stream.localResponsePhase = stream.phase;
      return Status.OK;
    },
    proxy_continue_stream: (type: number) => {
      const stream = activeStream(state);
      if (!stream) return Status.NOT_FOUND;
      if (type === StreamType.REQUEST) stream.paused.request = false;
      else if (type === StreamType.RESPONSE) stream.paused.response = false;
      else return Status.BAD_ARGUMENT;
      return Status.OK;
    },
    proxy_close_stream: (_type: number) => {
      const stream = activeStream(state);
      if (!stream) return Status.NOT_FOUND;
      stream.closed = true;
      return Status.OK;
    },
    proxy_set_effective_context: (id: number) => {
      if (id !== state.rootId && !state.streams.has(id)) return Status.BAD_ARGUMENT;
      state.effectiveId = id;
      return Status.OK;
    },
    // Only meaningful after proxy_on_done returned false (a plugin delaying its own teardown).
    proxy_done: () => Status.OK,
  };
}
