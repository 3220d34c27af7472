/**
 * One scripted set of requests, run through hplugin's host and read back from the oracle, both
 * flattened to `field → value` so every difference is one named disagreement, e.g.
 * `tag/requestHeaders.x-tag`. Header order across different names is not compared (Envoy's
 * setCopy moves a replaced header to the end, the emulator replaces it in place); the values of
 * one name, in order, are.
 */
import { isDeepStrictEqual } from 'node:util';
import { createHost, type RequestResult, type ScriptedResponse } from '@hplugin/host';
import { actionName } from '../../packages/host/src/abi.js';

export type Pairs = Array<[string, string]>;

export interface ScriptCallout {
  /** A trailing * matches a prefix; omitted matches any cluster. */
  cluster?: string;
  /** Omitted: the call times out (Envoy's 504). */
  reply?: { headers: Pairs; body: string };
}

export interface ScriptRequest {
  name: string;
  /** All four pseudo-headers first (:authority, :path, :method, :scheme), then x-request-id. */
  headers: Pairs;
  body?: string[];
  trailers?: Pairs;
  /** :status first. Default: 200, no body. */
  response?: { headers: Pairs; body?: string[] };
  callouts?: ScriptCallout[];
}

export interface Script {
  wasm: string;
  config?: unknown;
  properties?: Record<string, string>;
  requests: ScriptRequest[];
}

export interface OracleTranscript {
  name: string;
  actions: Record<string, number>;
  requestHeaders: Pairs | null;
  requestBody: string;
  responseHeaders: Pairs | null;
  responseBody: string;
  localReply: { status: number; headers: Pairs; body: string; details: string } | null;
  client: { status: number; headers: Pairs; body: string } | null;
  stalled: string;
  callouts: Array<{ cluster: string; headers: Pairs; body: string }>;
  logs: Record<string, string[]>;
}

/** field → value, with the request's name as the key's prefix. */
export type Flat = Map<string, unknown>;

const LOGGED = ['info', 'warn', 'error', 'critical'] as const;

function matches(pattern: string | undefined, value: string): boolean {
  if (pattern === undefined || pattern === '') return true;
  return pattern.endsWith('*') ? value.startsWith(pattern.slice(0, -1)) : value === pattern;
}

function flatHeaders(out: Flat, prefix: string, pairs: Pairs | null | undefined): void {
  const byName = new Map<string, string[]>();
  for (const [k, v] of pairs ?? []) byName.set(k.toLowerCase(), [...(byName.get(k.toLowerCase()) ?? []), v]);
  for (const [name, values] of byName) out.set(`${prefix}.${name}`, values);
}

/** A reply (the local one as sent, or what the client got): present or not, then its fields. */
function flatReply(out: Flat, prefix: string, reply: { status: number; headers: Pairs; body: string; details?: string } | undefined): void {
  out.set(prefix, reply ? 'present' : 'none');
  if (!reply) return;
  out.set(`${prefix}.status`, reply.status);
  flatHeaders(out, `${prefix}.headers`, reply.headers);
  out.set(`${prefix}.body`, reply.body);
  if (reply.details !== undefined) out.set(`${prefix}.details`, reply.details);
}

interface Common {
  actions: Record<string, string>;
  requestHeaders: Pairs;
  requestBody: string;
  response?: { headers: Pairs; body: string };
  localReply?: { status: number; headers: Pairs; body: string; details: string };
  client?: { status: number; headers: Pairs; body: string };
  stalled: string;
  callouts: Array<{ cluster: string; headers: Pairs; body: string }>;
  logs: Record<string, string[]>;
}

function flatten(name: string, c: Common): Flat {
  const out: Flat = new Map();
  const key = (field: string) => `${name}/${field}`;
  for (const [phase, action] of Object.entries(c.actions)) out.set(key(`actions.${phase}`), action);
  flatHeaders(out, key('requestHeaders'), c.requestHeaders);
  out.set(key('requestBody'), c.requestBody);
  if (c.response) {
    flatHeaders(out, key('response.headers'), c.response.headers);
    out.set(key('response.body'), c.response.body);
  }
  flatReply(out, key('localReply'), c.localReply);
  flatReply(out, key('client'), c.client);
  out.set(key('stalled'), c.stalled);
  out.set(key('callouts.count'), c.callouts.length);
  c.callouts.forEach((call, i) => {
    out.set(key(`callouts.${i}.cluster`), call.cluster);
    flatHeaders(out, key(`callouts.${i}.headers`), call.headers);
    out.set(key(`callouts.${i}.body`), call.body);
  });
  for (const level of LOGGED) out.set(key(`logs.${level}`), c.logs[level] ?? []);
  return out;
}

export function flattenOracle(t: OracleTranscript): Flat {
  const actions: Record<string, string> = {};
  for (const [phase, value] of Object.entries(t.actions)) actions[phase] = actionName(value, phase.endsWith('Body') ? 'body' : 'headers');
  const upstreamAnswered = t.responseHeaders !== null;
  return flatten(t.name, {
    actions,
    requestHeaders: t.requestHeaders ?? [],
    requestBody: t.requestBody,
    ...(upstreamAnswered ? { response: { headers: t.responseHeaders ?? [], body: t.responseBody } } : {}),
    ...(t.localReply ? { localReply: t.localReply } : {}),
    ...(t.client ? { client: t.client } : {}),
    stalled: t.stalled,
    callouts: t.callouts,
    logs: t.logs,
  });
}

export function flattenHplugin(name: string, r: RequestResult): Flat {
  const actions: Record<string, string> = {};
  for (const [phase, action] of Object.entries(r.actions)) if (action) actions[phase] = action;
  const upstreamAnswered = r.responseHeaders.length > 0;
  const logs: Record<string, string[]> = {};
  for (const level of LOGGED) logs[level] = r.logs.filter((l) => l.level === level).map((l) => l.message);
  const local = r.localResponse;
  const client = r.clientResponse;
  return flatten(name, {
    actions,
    requestHeaders: r.requestHeaders,
    requestBody: r.requestBody,
    ...(upstreamAnswered ? { response: { headers: r.responseHeaders, body: r.responseBody } } : {}),
    ...(local ? { localReply: { status: local.status, headers: local.headers, body: local.body, details: local.details } } : {}),
    ...(client ? { client: { status: client.status, headers: client.headers, body: client.body } } : {}),
    stalled: r.stalled ?? '',
    callouts: r.callouts.map((c) => ({ cluster: c.cluster, headers: c.headers, body: c.body })),
    logs,
  });
}

/** Runs the script through @hplugin/host, one VM for all requests (shared data carries over). */
export async function runHplugin(script: Script): Promise<Flat[]> {
  let current: ScriptRequest | undefined;
  const host = await createHost({
    wasm: script.wasm,
    config: script.config,
    properties: script.properties ?? {},
    logLevel: 'info',
    callouts: (call): ScriptedResponse | undefined => {
      const reply = current?.callouts?.find((c) => matches(c.cluster, call.cluster))?.reply;
      if (!reply) return undefined;
      const status = reply.headers.find(([k]) => k === ':status')?.[1];
      return { status: Number(status ?? 200), headers: reply.headers.filter(([k]) => k !== ':status'), body: reply.body };
    },
  });
  const out: Flat[] = [];
  try {
    for (const request of script.requests) {
      current = request;
      const response = request.response ?? { headers: [[':status', '200']] };
      const status = Number(response.headers.find(([k]) => k === ':status')?.[1] ?? 200);
      const result = await host.request({
        headers: request.headers,
        ...(request.body?.length ? { body: request.body } : {}),
        ...(request.trailers?.length ? { trailers: request.trailers } : {}),
        response: {
          status,
          headers: response.headers.filter(([k]) => k !== ':status'),
          ...(response.body?.length ? { body: response.body } : {}),
        },
      });
      out.push(flattenHplugin(request.name, result));
    }
  } finally {
    host.close();
  }
  return out;
}

export interface Disagreement {
  key: string;
  hplugin: unknown;
  oracle: unknown;
}

export function disagreements(hplugin: Flat[], oracle: Flat[]): Disagreement[] {
  const out: Disagreement[] = [];
  hplugin.forEach((ours, i) => {
    const theirs = oracle[i] ?? new Map<string, unknown>();
    for (const key of new Set([...ours.keys(), ...theirs.keys()])) {
      if (!isDeepStrictEqual(ours.get(key), theirs.get(key))) out.push({ key, hplugin: ours.get(key), oracle: theirs.get(key) });
    }
  });
  return out;
}
