/**
 * A reverse proxy on 127.0.0.1 that sits in front of a harness registry and injects the faults of
 * a FaultPlan (see fault-plan.ts): error statuses (with Retry-After), TCP resets in the middle of
 * an upload or a download, truncated bodies, and stalls.
 *
 * API:
 *   startFaultProxy({ target, plan?, onRequest? }): Promise<FaultProxy>
 *   FaultProxy: host, url, stats, setPlan(plan), resetStats(), stop()
 *
 * The proxy always speaks plain http to its client, and http or https (trusting `target.caFile`)
 * to the target: point clients at `proxy.host` with `--plain-http`. It keeps the client's Host
 * header and sends `X-Forwarded-Proto: http`, so the registry's upload `Location`s lead back through
 * the proxy. The token realm of a token registry is not proxied (it points at the issuer directly).
 */
import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { endToEndHeaders, relay, sleep } from './relay.js';
import { closeServer, listenOnLoopback } from './loopback-server.js';
import { createFaultPicker, type Fault, type FaultPicker, type FaultPlan, type FaultType } from './fault-plan.js';

export * from './fault-plan.js';

export interface FaultProxyOptions {
  /** A RegistryHandle fits: only `url` and `caFile` are read. */
  target: { url: string; caFile?: string | undefined };
  plan?: FaultPlan;
  /** Called as each request arrives, before any fault or forwarding: for tests that note what else was true at that moment. */
  onRequest?: (method: string, path: string) => void;
}

export interface FaultRecord {
  method: string;
  path: string;
  fault?: FaultType;
  rule?: number;
}

export interface FaultProxyStats {
  /** Every request the proxy received. */
  requests: number;
  /** Requests sent on to the target (stalls, resets and truncations of responses included). */
  forwarded: number;
  /** Every fault injected. */
  faults: number;
  byType: Record<FaultType, number>;
  /** Faults injected per rule of the current plan (same index). */
  byRule: number[];
  log: FaultRecord[];
}

export interface FaultProxy {
  host: string;
  url: string;
  readonly stats: FaultProxyStats;
  /** Replaces the plan; rule counters (skip, times, byRule) start again from zero. */
  setPlan(plan: FaultPlan): void;
  resetStats(): void;
  stop(): Promise<void>;
}

const DEFAULT_CODES: Record<number, string> = { 403: 'DENIED', 429: 'TOOMANYREQUESTS', 503: 'UNAVAILABLE' };
// Lets the client receive the bytes already written before a reset reaches it.
const RESET_GRACE_MS = 20;

function emptyStats(rules: number): FaultProxyStats {
  return {
    requests: 0,
    forwarded: 0,
    faults: 0,
    byType: { status: 0, reset: 0, truncate: 0, stall: 0 },
    byRule: Array(rules).fill(0),
    log: [],
  };
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target.url);
  const secure = target.protocol === 'https:';
  const ca = options.target.caFile ? readFileSync(options.target.caFile) : undefined;
  const agent = secure ? new https.Agent({ keepAlive: true, ...(ca ? { ca } : {}) }) : new http.Agent({ keepAlive: true });
  let plan: FaultPlan = options.plan ?? { rules: [] };
  let pick: FaultPicker = createFaultPicker(plan);
  const stats = emptyStats(plan.rules.length);

  const answer = async (req: http.IncomingMessage, res: http.ServerResponse, fault: Extract<Fault, { type: 'status' }>): Promise<void> => {
    // Read the body first, as a registry would, so the client sees the answer rather than EPIPE.
    req.resume();
    await finished(req).catch(() => undefined);
    const code = fault.code ?? DEFAULT_CODES[fault.status] ?? 'UNKNOWN';
    const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json' };
    if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
    res.writeHead(fault.status, headers).end(JSON.stringify({ errors: [{ code, message: 'injected by the hplugin fault proxy' }] }));
  };

  const resetClient = async (req: http.IncomingMessage): Promise<boolean> => {
    await sleep(RESET_GRACE_MS);
    req.socket.resetAndDestroy();
    return false;
  };

  const forward = async (req: http.IncomingMessage, res: http.ServerResponse, fault: Fault | undefined): Promise<void> => {
    if (fault?.type === 'stall' && fault.after === undefined) await sleep(fault.ms);
    if (res.destroyed) return;
    stats.forwarded++;
    const headers = { ...endToEndHeaders(req.headers), 'x-forwarded-proto': 'http' };
    const upstream = (secure ? https : http).request(target, { method: req.method, path: req.url, headers, agent });
    res.on('close', () => res.writableFinished || upstream.destroy()); // the client went away
    upstream.on('error', () => {
      if (res.headersSent) res.destroy();
      else
        res
          .writeHead(502, { 'content-type': 'application/json' })
          .end(JSON.stringify({ errors: [{ code: 'UNKNOWN', message: 'fault proxy: target unreachable' }] }));
    });
    upstream.on('response', (upRes) => {
      const length = Number(upRes.headers['content-length'] ?? NaN);
      const bodyless = req.method === 'HEAD' || length === 0 || upRes.statusCode === 204 || upRes.statusCode === 304;
      const cutsResponse = fault?.type === 'truncate' || fault?.type === 'stall' || (fault?.type === 'reset' && fault.on === 'response');
      if (cutsResponse && fault.type !== 'stall' && bodyless) {
        // Nothing to cut: the fault replaces the response.
        upRes.resume();
        if (fault.type === 'reset') void resetClient(req);
        else req.socket.destroySoon();
        return;
      }
      res.writeHead(upRes.statusCode ?? 502, upRes.statusMessage, endToEndHeaders(upRes.headers));
      if (!cutsResponse) return void relay(upRes, res).catch(() => res.destroy());
      // Never let the whole body through: a reset or truncation after the last byte is no fault.
      const after = Number.isFinite(length) && fault.type !== 'stall' ? Math.min(fault.after ?? 0, length - 1) : (fault.after ?? 0);
      const at = async (): Promise<boolean> => {
        if (fault.type === 'stall') return sleep(fault.ms).then(() => true);
        if (fault.type === 'reset') return resetClient(req);
        req.socket.destroySoon();
        return false;
      };
      void relay(upRes, res, { after, at }).catch(() => res.destroy());
    });
    const cutsRequest = fault?.type === 'reset' && fault.on === 'request';
    await relay(req, upstream, cutsRequest ? { after: fault.after, at: () => resetClient(req) } : undefined);
  };

  const server = http.createServer((req, res) => {
    stats.requests++;
    const path = (req.url ?? '/').split('?')[0]!;
    options.onRequest?.(req.method ?? 'GET', path);
    const picked = pick(req.method ?? 'GET', path);
    const record: FaultRecord = { method: req.method ?? 'GET', path };
    if (picked) {
      Object.assign(record, { fault: picked.fault.type, rule: picked.rule });
      stats.faults++;
      stats.byType[picked.fault.type]++;
      stats.byRule[picked.rule] = (stats.byRule[picked.rule] ?? 0) + 1;
    }
    stats.log.push(record);
    const work = picked?.fault.type === 'status' ? answer(req, res, picked.fault) : forward(req, res, picked?.fault);
    work.catch(() => res.destroy());
  });
  const port = await listenOnLoopback(server);

  return {
    host: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    stats,
    setPlan(next) {
      plan = next;
      pick = createFaultPicker(plan);
      stats.byRule = Array(plan.rules.length).fill(0);
    },
    resetStats() {
      Object.assign(stats, emptyStats(plan.rules.length));
    },
    async stop() {
      await closeServer(server);
      agent.destroy();
    },
  };
}
