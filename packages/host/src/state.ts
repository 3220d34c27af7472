/**
 * Everything the host functions read and write. One HostState per VM; one StreamState per HTTP
 * context. Host functions find "their" stream through the effective context id, which the host
 * sets before each call into the module and the module may change with proxy_set_effective_context.
 */
import type { LogLevel } from './abi.js';
import { HeaderMap, type HeaderPairs, type HeadersInit } from './header-map.js';

export interface LogEntry {
  level: LogLevel;
  message: string;
}

export interface LocalResponse {
  status: number;
  headers: HeaderPairs;
  body: string;
  bodyBytes: Uint8Array;
  details: string;
  grpcStatus: number;
}

export interface HttpCall {
  id: number;
  /** The cluster name the plugin asked for, e.g. `outbound|80||auth.svc`. */
  cluster: string;
  method: string;
  path: string;
  authority: string;
  headers: HeaderPairs;
  body: string;
  trailers: HeaderPairs;
  timeoutMs: number;
  /** What the host answered: the scripted reply, or Envoy's 504 when the call timed out. */
  response?: ScriptedResponse;
  /** True when nothing answered in time and the plugin got Envoy's 504 "upstream request timeout". */
  timedOut?: boolean;
}

export interface ScriptedResponse {
  status?: number;
  headers?: HeadersInit;
  body?: string | Uint8Array;
  trailers?: HeadersInit;
}

export interface RedisCall {
  id: number;
  cluster: string;
  /** The RESP-encoded command the plugin sent. */
  query: string;
  reply?: ScriptedRedisReply;
}

export interface ScriptedRedisReply {
  /** 0 is success for the SDK; anything else is an error status. */
  status?: number;
  /** RESP-encoded reply, e.g. `+OK\r\n` or `:1\r\n`. */
  response: string | Uint8Array;
}

export interface StreamState {
  id: number;
  requestHeaders: HeaderMap;
  requestTrailers: HeaderMap;
  responseHeaders: HeaderMap;
  responseTrailers: HeaderMap;
  /** The body buffer the plugin sees now: the current chunk plus whatever it asked to buffer. */
  requestBody: Uint8Array;
  responseBody: Uint8Array;
  /** Per-request properties (the caller's, then whatever the plugin set). */
  properties: Map<string, Uint8Array>;
  localResponse?: LocalResponse;
  /** Which direction was running when the local reply was sent; Envoy treats the two differently. */
  localResponsePhase?: 'request' | 'response';
  /** The direction being driven now (set by the request runner before each callback). */
  phase: 'request' | 'response';
  /** Set when a callback holds a direction; cleared when the plugin calls proxy_continue_stream. */
  paused: { request: boolean; response: boolean };
  closed: boolean;
}

export interface PendingCallout {
  kind: 'http' | 'redis';
  id: number;
}

export interface HostState {
  rootId: number;
  effectiveId: number;
  streams: Map<number, StreamState>;
  pluginConfig: Uint8Array;
  vmConfig: Uint8Array;
  /** Properties for every request, from the host options. */
  properties: Map<string, Uint8Array>;
  /** Properties the plugin set on the root context. */
  rootProperties: Map<string, Uint8Array>;
  logLevel: LogLevel;
  /** Every log line, unfiltered; `logs` on results are filtered by logLevel. */
  logs: LogEntry[];
  stubbedCalls: string[];
  tickPeriodMs: number;
  nextCalloutId: number;
  httpCalls: Map<number, HttpCall>;
  /** Whether the gateway has this cluster; proxy_http_call to any other fails with BAD_ARGUMENT. */
  clusterExists: (cluster: string) => boolean;
  /** Clusters the plugin called that do not exist, in order (each call answered BAD_ARGUMENT). */
  unknownClusters: string[];
  redisCalls: Map<number, RedisCall>;
  pending: PendingCallout[];
  /** Set while a callout response is delivered: what buffer 4 / maps 6 and 7 and buffer 9 return. */
  callResponse?: { headers: HeaderPairs; body: Uint8Array; trailers: HeaderPairs };
  redisResponse?: Uint8Array;
  sharedData: Map<string, { value: Uint8Array; cas: number }>;
  queues: { byName: Map<string, number>; items: Map<number, Uint8Array[]> };
  metrics: { byName: Map<string, number>; entries: Map<number, { name: string; type: number; value: bigint }> };
}

export function newStream(id: number): StreamState {
  return {
    id,
    requestHeaders: new HeaderMap([], 'request'),
    requestTrailers: new HeaderMap([], 'trailers'),
    responseHeaders: new HeaderMap([], 'response'),
    responseTrailers: new HeaderMap([], 'trailers'),
    requestBody: new Uint8Array(0),
    responseBody: new Uint8Array(0),
    properties: new Map(),
    paused: { request: false, response: false },
    phase: 'request',
    closed: false,
  };
}

export function newHostState(rootId: number, logLevel: LogLevel): HostState {
  return {
    rootId,
    effectiveId: rootId,
    streams: new Map(),
    pluginConfig: new Uint8Array(0),
    vmConfig: new Uint8Array(0),
    properties: new Map(),
    rootProperties: new Map(),
    logLevel,
    logs: [],
    stubbedCalls: [],
    tickPeriodMs: 0,
    nextCalloutId: 1,
    httpCalls: new Map(),
    clusterExists: () => true,
    unknownClusters: [],
    redisCalls: new Map(),
    pending: [],
    sharedData: new Map(),
    queues: { byName: new Map(), items: new Map() },
    metrics: { byName: new Map(), entries: new Map() },
  };
}

/** The stream the module is acting on, or undefined when it acts on the root context. */
export function activeStream(state: HostState): StreamState | undefined {
  return state.streams.get(state.effectiveId);
}
