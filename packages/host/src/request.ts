/**
 * One HTTP request through the plugin, in the order Envoy drives a filter: context create,
 * request headers → body chunks → trailers, response headers → body chunks → trailers, then done,
 * log and delete. A local reply sent on the request path runs the response callbacks on the reply
 * (as Envoy does); a closed stream ends the chain; callouts are answered after the callback that
 * made them.
 */
import { randomUUID } from 'node:crypto';
import { actionName, actionPauses, LOG_LEVELS, type Action } from './abi.js';
import { deliverCallouts } from './callout-delivery.js';
import { HeaderMap, toPairs, type HeaderPairs } from './header-map.js';
import { isHpluginError } from '@hplugin/core';
import { failedStreamError } from './errors.js';
import { newStream, type HostState, type LocalResponse, type StreamState } from './state.js';
import type { Actions, Body, ClientResponse, HostOptions, PropertyValue, RequestInput, RequestResult } from './types.js';
import type { PluginVm } from './vm.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function toBytes(value: PropertyValue): Uint8Array {
  return typeof value === 'string' ? encoder.encode(value) : value;
}

function chunksOf(body: Body | undefined): Uint8Array[] {
  if (body === undefined) return [];
  const list = Array.isArray(body) ? body : [body];
  return list.map(toBytes).filter((chunk, i, all) => chunk.length > 0 || all.length > 1);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** The pseudo-headers Envoy always has, from the input; a `host` header becomes `:authority`. */
export function requestHeaderPairs(input: RequestInput): HeaderPairs {
  const given = toPairs(input.headers);
  const host = given.find(([k]) => k === 'host')?.[1];
  const rest = given.filter(([k]) => k !== 'host' && !k.startsWith(':'));
  const pseudo = (name: string) => given.find(([k]) => k === name)?.[1];
  const pairs: HeaderPairs = [
    [':authority', input.authority ?? pseudo(':authority') ?? host ?? 'example.com'],
    [':path', input.path ?? pseudo(':path') ?? '/'],
    [':method', (input.method ?? pseudo(':method') ?? 'GET').toUpperCase()],
    [':scheme', input.scheme ?? pseudo(':scheme') ?? 'http'],
    ...rest,
  ];
  if (!rest.some(([k]) => k === 'x-request-id')) pairs.push(['x-request-id', randomUUID()]);
  return pairs;
}

interface Direction {
  name: 'request' | 'response';
  headers: 'requestHeaders' | 'responseHeaders';
  body: 'requestBody' | 'responseBody';
  trailers: 'requestTrailers' | 'responseTrailers';
  exports: { headers: string; body: string; trailers: string };
}

const REQUEST: Direction = {
  name: 'request',
  headers: 'requestHeaders',
  body: 'requestBody',
  trailers: 'requestTrailers',
  exports: { headers: 'proxy_on_request_headers', body: 'proxy_on_request_body', trailers: 'proxy_on_request_trailers' },
};
const RESPONSE: Direction = {
  name: 'response',
  headers: 'responseHeaders',
  body: 'responseBody',
  trailers: 'responseTrailers',
  exports: { headers: 'proxy_on_response_headers', body: 'proxy_on_response_body', trailers: 'proxy_on_response_trailers' },
};

export class RequestRun {
  readonly actions: Actions = {};
  private readonly stream: StreamState;

  constructor(
    private readonly vm: PluginVm,
    private readonly state: HostState,
    private readonly options: HostOptions,
    id: number,
  ) {
    this.stream = newStream(id);
  }

  private get stopped(): boolean {
    return this.stream.localResponse !== undefined || this.stream.closed || this.vm.dead;
  }

  /** Call one stream callback, remember its action, hold or free the direction, answer callouts. */
  private async step(dir: Direction, phase: keyof Actions, kind: 'headers' | 'body', exp: string, ...args: number[]): Promise<Action> {
    const action = actionName(this.vm.call(exp, this.stream.id, ...args), kind);
    this.actions[phase] = action;
    this.stream.paused[dir.name] = actionPauses(action);
    await deliverCallouts(this.vm, this.state, this.options);
    return action;
  }

  /** Headers, body chunks, trailers of one direction. Returns the bytes passed on, in order. */
  private async direction(dir: Direction, chunks: Uint8Array[], trailers: HeaderPairs): Promise<Uint8Array[]> {
    const s = this.stream;
    const passed: Uint8Array[] = [];
    const endAtHeaders = chunks.length === 0 && trailers.length === 0;
    await this.step(dir, dir.headers, 'headers', dir.exports.headers, s[dir.headers].size, endAtHeaders ? 1 : 0);
    for (let i = 0; i < chunks.length && !this.stopped; i++) {
      // A body the plugin held (Pause) stays in the buffer and the next chunk joins it.
      s[dir.body] = concat([s[dir.body], chunks[i]!]);
      const end = i === chunks.length - 1 && trailers.length === 0;
      await this.step(dir, dir.body, 'body', dir.exports.body, s[dir.body].length, end ? 1 : 0);
      if (!s.paused[dir.name]) {
        passed.push(s[dir.body]);
        s[dir.body] = new Uint8Array(0);
      }
    }
    if (trailers.length > 0 && !this.stopped) {
      s[dir.trailers] = new HeaderMap(trailers, 'trailers');
      await this.step(dir, dir.trailers, 'headers', dir.exports.trailers, trailers.length);
    }
    passed.push(s[dir.body]);
    return passed;
  }

  /**
   * Envoy sends a local reply from the request path through the encoder filter chain
   * (FilterManager::sendLocalReplyViaFilterChain), so this plugin's own response callbacks run on
   * it: headers built as Utility::prepareLocalReply does, then the body with end_of_stream.
   */
  private async localReplyThroughResponsePath(): Promise<void> {
    const s = this.stream;
    const local = s.localResponse!;
    s.phase = 'response';
    s.responseHeaders = localReplyHeaders(local);
    s.responseBody = new Uint8Array(0);
    const hasBody = local.bodyBytes.length > 0;
    await this.step(RESPONSE, 'responseHeaders', 'headers', RESPONSE.exports.headers, s.responseHeaders.size, hasBody ? 0 : 1);
    if (hasBody && !s.closed && !this.vm.dead) {
      s.responseBody = local.bodyBytes;
      await this.step(RESPONSE, 'responseBody', 'body', RESPONSE.exports.body, s.responseBody.length, 1);
    }
  }

  private async callbacks(
    input: RequestInput,
  ): Promise<{ requestBody: Uint8Array[]; responseBody: Uint8Array[]; stalled?: RequestResult['stalled']; client?: ClientResponse }> {
    const { vm, state, stream: s } = this;
    vm.call('proxy_on_context_create', s.id, state.rootId);
    const requestBody = await this.direction(REQUEST, chunksOf(input.body), toPairs(input.trailers));
    if (s.localResponse && !s.closed && !vm.dead) {
      await this.localReplyThroughResponsePath();
      return {
        requestBody,
        responseBody: [],
        ...(s.closed || vm.dead ? {} : { client: clientOf(s.responseHeaders.pairs, s.responseBody, 'local-reply') }),
      };
    }
    if (this.stopped) return { requestBody, responseBody: [] };
    if (s.paused.request) return { requestBody, responseBody: [], stalled: 'request' };
    const response = input.response ?? {};
    s.phase = 'response';
    s.responseHeaders = new HeaderMap([[':status', String(response.status ?? 200)], ...toPairs(response.headers)], 'response');
    const responseBody = await this.direction(RESPONSE, chunksOf(response.body), toPairs(response.trailers));
    if (s.localResponse && !s.closed && !vm.dead) {
      // Response headers had started through the chain: Envoy sends the reply directly
      // (FilterManager::sendDirectLocalReply), without running the filters again.
      const direct = localReplyHeaders(s.localResponse);
      return { requestBody, responseBody, client: clientOf(direct.pairs, s.localResponse.bodyBytes, 'local-reply') };
    }
    if (this.stopped) return { requestBody, responseBody };
    if (s.paused.response) return { requestBody, responseBody, stalled: 'response' };
    return { requestBody, responseBody, client: clientOf(s.responseHeaders.pairs, concat(responseBody), 'upstream') };
  }

  async run(input: RequestInput): Promise<RequestResult> {
    const { vm, state, stream: s } = this;
    const mark = {
      logs: state.logs.length,
      stubs: state.stubbedCalls.length,
      callout: state.nextCalloutId,
      unknown: state.unknownClusters.length,
      out: { ...vm.output },
    };
    s.requestHeaders = new HeaderMap(requestHeaderPairs(input), 'request');
    for (const [key, value] of Object.entries(input.properties ?? {})) s.properties.set(key, toBytes(value));
    state.streams.set(s.id, s);
    let flow: Awaited<ReturnType<RequestRun['callbacks']>>;
    try {
      flow = await this.callbacks(input);
      vm.call('proxy_on_done', s.id);
      vm.call('proxy_on_log', s.id);
      vm.call('proxy_on_delete', s.id);
    } catch (cause) {
      throw isHpluginError(cause) && cause.code === 'HOST_TRAP' ? failedStreamError(cause, s.phase) : cause;
    } finally {
      state.streams.delete(s.id);
      state.effectiveId = state.rootId;
    }
    const min = LOG_LEVELS.indexOf(state.logLevel);
    const requestBytes = concat(flow.requestBody);
    const upstreamAnswered = !s.localResponse || s.localResponsePhase === 'response';
    const responseBytes = upstreamAnswered ? concat(flow.responseBody) : new Uint8Array(0);
    return {
      requestHeaders: s.requestHeaders.snapshot(),
      requestBody: decoder.decode(requestBytes),
      requestBodyBytes: requestBytes,
      responseHeaders: upstreamAnswered ? s.responseHeaders.snapshot() : [],
      responseBody: decoder.decode(responseBytes),
      responseBodyBytes: responseBytes,
      ...(s.localResponse ? { localResponse: s.localResponse } : {}),
      ...(flow.client ? { clientResponse: flow.client } : {}),
      actions: this.actions,
      ...(flow.stalled ? { stalled: flow.stalled } : {}),
      closed: s.closed,
      logs: state.logs.slice(mark.logs).filter((l) => LOG_LEVELS.indexOf(l.level) >= min),
      callouts: [...state.httpCalls.values()].filter((c) => c.id >= mark.callout),
      unknownClusters: state.unknownClusters.slice(mark.unknown),
      redisCalls: [...state.redisCalls.values()].filter((c) => c.id >= mark.callout),
      metrics: metricsSnapshot(state),
      stubbedCalls: state.stubbedCalls.slice(mark.stubs),
      stdout: vm.output.stdout.slice(mark.out.stdout.length),
      stderr: vm.output.stderr.slice(mark.out.stderr.length),
    };
  }
}

/**
 * The reply's headers as Envoy builds them (source/common/http/utility.cc, prepareLocalReply):
 * :status, the plugin's headers added one by one, then content-length and a text/plain
 * content-type when there is a body and the plugin set none.
 */
export function localReplyHeaders(local: LocalResponse): HeaderMap {
  const map = new HeaderMap([[':status', String(local.status)]], 'response');
  for (const [key, value] of local.headers) map.add(key, value);
  if (local.bodyBytes.length > 0) {
    map.replace('content-length', String(local.bodyBytes.length));
    if (map.get('content-type') === undefined) map.add('content-type', 'text/plain');
  } else {
    map.remove('content-length');
    map.remove('content-type');
  }
  return map;
}

function clientOf(headers: HeaderPairs, body: Uint8Array, source: ClientResponse['source']): ClientResponse {
  const status = Number(headers.find(([k]) => k === ':status')?.[1] ?? 0);
  return { status, headers: headers.map(([k, v]) => [k, v]), body: decoder.decode(body), bodyBytes: body, source };
}

export function metricsSnapshot(state: HostState): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { name, value } of state.metrics.entries.values()) out[name] = Number(value);
  return out;
}
