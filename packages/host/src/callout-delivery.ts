/**
 * Answering callouts. The gateway answers them after the callback that made them has returned, on
 * the ROOT context; the SDK then switches to the calling HTTP context itself with
 * proxy_set_effective_context. The host answers immediately, in order, until none are left
 * (a callback may make further calls).
 */
import { toPairs } from './header-map.js';
import type { HostState, ScriptedResponse } from './state.js';
import type { HostOptions } from './types.js';
import type { PluginVm } from './vm.js';

const encoder = new TextEncoder();

/** What Envoy's router answers when a callout's timeout expires (source/common/router/router.cc). */
export const CALLOUT_TIMEOUT_RESPONSE: ScriptedResponse = {
  status: 504,
  headers: [
    ['content-length', '24'],
    ['content-type', 'text/plain'],
  ],
  body: 'upstream request timeout',
};

function bytesOf(body: string | Uint8Array | undefined): Uint8Array {
  return typeof body === 'string' ? encoder.encode(body) : (body ?? new Uint8Array(0));
}

export async function deliverCallouts(vm: PluginVm, state: HostState, options: Pick<HostOptions, 'callouts' | 'redis'>): Promise<void> {
  for (let next = state.pending.shift(); next && !vm.dead; next = state.pending.shift()) {
    if (next.kind === 'http') {
      const call = state.httpCalls.get(next.id)!;
      const scripted = await options.callouts?.(call);
      // Nothing answered: Envoy's async client runs the router, whose response timeout is a local
      // 504 "upstream request timeout" — delivered to the plugin as a response, not as a reset.
      const response = scripted ?? CALLOUT_TIMEOUT_RESPONSE;
      call.response = response;
      if (!scripted) call.timedOut = true;
      const headers = [[':status', String(response.status ?? 200)] as [string, string], ...toPairs(response.headers)];
      const body = bytesOf(response.body);
      const trailers = toPairs(response.trailers);
      state.callResponse = { headers, body, trailers };
      vm.call('proxy_on_http_call_response', state.rootId, call.id, headers.length, body.length, trailers.length);
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
