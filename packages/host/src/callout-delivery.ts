/**
 * Answering callouts. The gateway answers them after the callback that made them has returned, on
 * the ROOT context; the SDK then switches to the calling HTTP context itself with
 * proxy_set_effective_context. The host answers immediately, in order, until none are left
 * (a callback may make further calls).
 */
import { toPairs } from './header-map.js';
import type { HostState } from './state.js';
import type { HostOptions } from './types.js';
import type { PluginVm } from './vm.js';

const encoder = new TextEncoder();

function bytesOf(body: string | Uint8Array | undefined): Uint8Array {
  return typeof body === 'string' ? encoder.encode(body) : (body ?? new Uint8Array(0));
}

export async function deliverCallouts(vm: PluginVm, state: HostState, options: Pick<HostOptions, 'callouts' | 'redis'>): Promise<void> {
  for (let next = state.pending.shift(); next && !vm.dead; next = state.pending.shift()) {
    if (next.kind === 'http') {
      const call = state.httpCalls.get(next.id)!;
      const response = await options.callouts?.(call);
      call.response = response;
      if (!response) {
        // numHeaders 0 tells the SDK the call failed; wasm-go reports it to the callback as 502.
        state.callResponse = { headers: [], body: new Uint8Array(0), trailers: [] };
        vm.call('proxy_on_http_call_response', state.rootId, call.id, 0, 0, 0);
      } else {
        const headers = [[':status', String(response.status ?? 200)] as [string, string], ...toPairs(response.headers)];
        const body = bytesOf(response.body);
        const trailers = toPairs(response.trailers);
        state.callResponse = { headers, body, trailers };
        vm.call('proxy_on_http_call_response', state.rootId, call.id, headers.length, body.length, trailers.length);
      }
      state.callResponse = undefined;
    } else {
      const call = state.redisCalls.get(next.id)!;
      const reply = await options.redis?.(call);
      call.reply = reply;
      const bytes = bytesOf(reply?.response);
      state.redisResponse = bytes;
      vm.call('proxy_on_redis_call_response', state.rootId, call.id, reply ? (reply.status ?? 0) : 1, bytes.length);
      state.redisResponse = undefined;
    }
  }
}

