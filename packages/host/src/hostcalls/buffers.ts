/** proxy_get_buffer_bytes / proxy_set_buffer_bytes over bodies, configs and callout replies. */
import { BufferType, Status } from '../abi.js';
import { activeStream } from '../state.js';
import type { HostCallContext, HostFunctions } from './context.js';

/** The spec's set modes: (0, 0) prepends, start ≥ length appends, (0, ≥ length) replaces. */
export function applySetMode(current: Uint8Array, start: number, size: number, data: Uint8Array): Uint8Array | undefined {
  const join = (a: Uint8Array, b: Uint8Array) => {
    const out = new Uint8Array(a.length + b.length);
    out.set(a);
    out.set(b, a.length);
    return out;
  };
  if (start === 0 && size === 0 && current.length > 0) return join(data, current);
  if (start === 0 && size >= current.length) return data;
  if (start >= current.length) return join(current, data);
  // Envoy also replaces a middle range; the SDK never asks for it, but it is cheap to honour.
  if (start + size <= current.length) return join(join(current.subarray(0, start), data), current.subarray(start + size));
  return undefined;
}

export function bufferFunctions({ state, mem }: HostCallContext): HostFunctions {
  function read(type: number): Uint8Array | undefined {
    switch (type) {
      case BufferType.REQUEST_BODY:
        return activeStream(state)?.requestBody;
      case BufferType.RESPONSE_BODY:
        return activeStream(state)?.responseBody;
      case BufferType.HTTP_CALL_RESPONSE_BODY:
        return state.callResponse?.body;
      case BufferType.VM_CONFIGURATION:
        return state.vmConfig;
      case BufferType.PLUGIN_CONFIGURATION:
        return state.pluginConfig;
      case BufferType.REDIS_CALL_RESPONSE:
        return state.redisResponse;
      default:
        return undefined;
    }
  }

  return {
    proxy_get_buffer_bytes: (type: number, start: number, max: number, retPtr: number, retSize: number) => {
      const buffer = read(type);
      if (!buffer || buffer.length === 0) return mem.nothing(retPtr, retSize);
      if (start < 0 || start > buffer.length) return Status.BAD_ARGUMENT;
      return mem.give(buffer.subarray(start, start + Math.max(0, max)), retPtr, retSize);
    },
    proxy_set_buffer_bytes: (type: number, start: number, size: number, ptr: number, len: number) => {
      const stream = activeStream(state);
      const key = type === BufferType.REQUEST_BODY ? 'requestBody' : type === BufferType.RESPONSE_BODY ? 'responseBody' : undefined;
      if (!stream || !key) return Status.NOT_FOUND;
      const next = applySetMode(stream[key], start >>> 0, size >>> 0, mem.bytes(ptr, len));
      if (!next) return Status.BAD_ARGUMENT;
      stream[key] = next;
      return Status.OK;
    },
  };
}
