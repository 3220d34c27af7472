/** The public shapes of createHost and host.request. */
import type { Reporter } from '@hplugin/core';
import type { Action, LogLevel } from './abi.js';
import type { HeaderPairs, HeadersInit } from './header-map.js';
import type { WasmSource } from './plugin-module.js';
import type { HttpCall, LocalResponse, LogEntry, RedisCall, ScriptedRedisReply, ScriptedResponse } from './state.js';

export type Body = string | Uint8Array | Array<string | Uint8Array>;
export type PropertyValue = string | Uint8Array;

export interface HostOptions {
  /** The module: a path, its bytes, or the result of compilePlugin (shared across hosts). */
  wasm: WasmSource;
  /** The plugin config, handed over as JSON (a string is passed as is). */
  config?: unknown;
  vmConfig?: unknown;
  /** Properties for every request, keyed by path segments joined with '.', e.g. `route_name`. */
  properties?: Record<string, PropertyValue>;
  /** Lines below this level are left out of `logs` (and proxy_get_log_level reports it). Default info. */
  logLevel?: LogLevel;
  /**
   * Answers proxy_http_call. Return undefined and the call times out: the plugin receives Envoy's
   * 504 "upstream request timeout" response.
   */
  callouts?: (call: HttpCall) => ScriptedResponse | undefined | Promise<ScriptedResponse | undefined>;
  /**
   * The clusters the gateway has. A proxy_http_call to any other fails at dispatch with
   * BAD_ARGUMENT, as in Envoy. Default: every cluster exists.
   */
  clusters?: readonly string[] | ((cluster: string) => boolean);
  /** Answers proxy_redis_call. Return undefined to make the call fail. */
  redis?: (call: RedisCall) => ScriptedRedisReply | undefined | Promise<ScriptedRedisReply | undefined>;
  foreignFunctions?: Record<string, (args: Uint8Array) => Uint8Array>;
  reporter?: Reporter;
}

export interface RequestInput {
  method?: string;
  path?: string;
  authority?: string;
  scheme?: string;
  headers?: HeadersInit;
  /** A string or bytes is one chunk; an array is several, the last one ending the stream. */
  body?: Body;
  trailers?: HeadersInit;
  /** Per-request properties, on top of the host's. */
  properties?: Record<string, PropertyValue>;
  /** What the upstream answers. Default: 200 with no body. */
  response?: UpstreamResponse;
}

export interface UpstreamResponse {
  status?: number;
  headers?: HeadersInit;
  body?: Body;
  trailers?: HeadersInit;
}

export interface ClientResponse {
  status: number;
  headers: HeaderPairs;
  body: string;
  bodyBytes: Uint8Array;
  /** upstream: the upstream's answer; local-reply: the plugin's local reply; */
  source: 'upstream' | 'local-reply';
}

export interface Actions {
  requestHeaders?: Action;
  requestBody?: Action;
  requestTrailers?: Action;
  responseHeaders?: Action;
  responseBody?: Action;
  responseTrailers?: Action;
}

export interface RequestResult {
  /** The request headers as the upstream would receive them. */
  requestHeaders: HeaderPairs;
  requestBody: string;
  requestBodyBytes: Uint8Array;
  /** The upstream's response after the plugin; empty when a local response cut the chain. */
  responseHeaders: HeaderPairs;
  responseBody: string;
  responseBodyBytes: Uint8Array;
  /** The local reply as the plugin sent it (proxy_send_local_response), before the response path. */
  localResponse?: LocalResponse;
  /**
   * What the client receives: the upstream's response after the plugin, or the local reply after
   * the plugin's own response callbacks ran on it (Envoy encodes a local reply through the filter
   * chain). Absent when the stream stalled or was reset.
   */
  clientResponse?: ClientResponse;
  /** Clusters the plugin called that the gateway does not have (proxy_http_call got BAD_ARGUMENT). */
  unknownClusters: string[];
  /** What each callback returned (the last one, for bodies). */
  actions: Actions;
  /** Set when the plugin held a direction and never resumed it: on a gateway the request would hang. */
  stalled?: 'request' | 'response';
  /** The plugin closed (reset) the stream. */
  closed: boolean;
  /** Log lines of this request at or above the host's logLevel. */
  logs: LogEntry[];
  callouts: HttpCall[];
  redisCalls: RedisCall[];
  metrics: Record<string, number>;
  /** Host functions the plugin called that this host only stubs (UNIMPLEMENTED). */
  stubbedCalls: string[];
  /** What the plugin wrote to stdout / stderr during this request. */
  stdout: string;
  stderr: string;
}
