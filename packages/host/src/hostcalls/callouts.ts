/**
 * HTTP callouts, Redis calls and foreign functions. A callout is only recorded here; the request
 * runner answers it after the current callback returns, as a gateway would (asynchronously, on the
 * root context).
 */
import { LOG_LEVELS, Status } from '../abi.js';
import { deserializePairs } from '../header-map.js';
import type { HostCallContext, HostFunctions } from './context.js';

const decoder = new TextDecoder();

export function calloutFunctions({ state, mem, foreignFunctions }: HostCallContext): HostFunctions {
  return {
    proxy_http_call: (
      upPtr: number,
      upLen: number,
      hPtr: number,
      hLen: number,
      bPtr: number,
      bLen: number,
      tPtr: number,
      tLen: number,
      timeoutMs: number,
      retId: number,
    ) => {
      const headers = deserializePairs(mem.bytes(hPtr, hLen));
      const trailers = deserializePairs(mem.bytes(tPtr, tLen));
      if (!headers || !trailers) return Status.SERIALIZATION_FAILURE;
      const cluster = mem.string(upPtr, upLen);
      // Envoy looks the cluster up at dispatch (getThreadLocalCluster) and answers BadArgument when
      // the gateway has no such cluster; the call never starts.
      if (!state.clusterExists(cluster)) {
        state.unknownClusters.push(cluster);
        return Status.BAD_ARGUMENT;
      }
      const pseudo = (name: string) => headers.find(([k]) => k === name)?.[1];
      // Envoy refuses a callout without these three, so the plugin learns it here too.
      if (!pseudo(':method') || !pseudo(':path') || !pseudo(':authority')) return Status.BAD_ARGUMENT;
      const id = state.nextCalloutId++;
      state.httpCalls.set(id, {
        id,
        cluster,
        method: pseudo(':method')!,
        path: pseudo(':path')!,
        authority: pseudo(':authority')!,
        headers,
        body: decoder.decode(mem.bytes(bPtr, bLen)),
        trailers,
        timeoutMs: timeoutMs >>> 0,
      });
      state.pending.push({ kind: 'http', id });
      mem.writeU32(retId, id);
      return Status.OK;
    },
    proxy_redis_init: () => Status.OK,
    proxy_redis_call: (upPtr: number, upLen: number, qPtr: number, qLen: number, retId: number) => {
      const id = state.nextCalloutId++;
      state.redisCalls.set(id, { id, cluster: mem.string(upPtr, upLen), query: mem.string(qPtr, qLen) });
      state.pending.push({ kind: 'redis', id });
      mem.writeU32(retId, id);
      return Status.OK;
    },
    proxy_call_foreign_function: (nPtr: number, nLen: number, aPtr: number, aLen: number, retPtr: number, retSize: number) => {
      const name = mem.string(nPtr, nLen);
      const fn = foreignFunctions[name];
      if (fn) return mem.give(fn(mem.bytes(aPtr, aLen)), retPtr, retSize);
      if (name === 'get_log_level') {
        // wasm-go reads a little-endian u32 and fails on anything shorter than 4 bytes.
        const out = new Uint8Array(4);
        new DataView(out.buffer).setUint32(0, LOG_LEVELS.indexOf(state.logLevel), true);
        return mem.give(out, retPtr, retSize);
      }
      state.stubbedCalls.push(`foreign:${name}`);
      return mem.nothing(retPtr, retSize);
    },
  };
}
