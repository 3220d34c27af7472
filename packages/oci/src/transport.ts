/**
 * One HTTP exchange with a registry, over undici: scheme choice, TLS options, proxies from the
 * environment, a User-Agent, and redirects followed by hand so that credentials never leave the
 * host they were meant for and https is never downgraded. Retries and auth are layered on top.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { rootCertificates } from 'node:tls';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';

/**
 * undici is loaded on the first request, not with this module: it is ~1 MB of JavaScript, and a
 * publish loads the registry client before it builds. Loaded early (warmUpTransport) it is ready
 * by the time the build is done, having cost no wall time while `go build` ran.
 */
let undici: Promise<typeof import('undici')> | undefined;
const loadUndici = () => (undici ??= import('undici'));

/** Start loading the HTTP client now (e.g. while a build runs), so the first request does not wait for it. */
export function warmUpTransport(): void {
  loadUndici().catch(() => undefined);
}
import { HpluginError } from '@hplugin/core';

export interface TransportOptions {
  /**
   * true: plain http. false: https, even to localhost. Unset: http only for loopback hosts
   * (as oras does: a local test registry rarely has TLS, a remote one always should).
   */
  plainHttp?: boolean;
  /** Skip TLS certificate verification. Different from plainHttp: the connection is still TLS. */
  insecure?: boolean;
  /** A PEM file with extra CAs to trust (added to Node's bundled roots). */
  caFile?: string;
  /** Client certificate and key (PEM) for registries that require mutual TLS. */
  certFile?: string;
  keyFile?: string;
  userAgent?: string;
  /**
   * Longest wait, in ms, for a connection, for the answer's headers, or between two pieces of a body
   * (default 60 s). Without it a registry that accepts and never answers holds hplugin for undici's
   * 300 s per try, 25 minutes over the retries. Not applied to an injected dispatcher.
   */
  timeoutMs?: number;
  /** Tests inject their own dispatcher; otherwise an EnvHttpProxyAgent honouring HTTPS_PROXY/HTTP_PROXY/NO_PROXY. */
  dispatcher?: Dispatcher;
  /** Aborts every request of this transport (Ctrl-C): an upload in flight stops at once. */
  signal?: AbortSignal;
}

/** Bodies are always replayable: retries and 307/308 redirects send them again. */
export type BodySource = string | Uint8Array | (() => Readable);

export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: URL;
  headers?: Record<string, string>;
  body?: BodySource;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData['body'];
  /** The URL that answered, after redirects (relative Locations resolve against it). */
  url: URL;
}

const MAX_REDIRECTS = 10;
export const DEFAULT_TIMEOUT_MS = 60_000;
const version = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
export const DEFAULT_USER_AGENT = `hplugin/${version}`;

export function isLoopback(host: string): boolean {
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  return name === 'localhost' || name === '127.0.0.1' || name === '[::1]';
}

export function schemeFor(host: string, plainHttp?: boolean): 'http' | 'https' {
  return (plainHttp ?? isLoopback(host)) ? 'http' : 'https';
}

export function header(res: Pick<HttpResponse, 'headers'>, name: string): string | undefined {
  const value = res.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

async function createDispatcher(options: TransportOptions): Promise<Dispatcher> {
  const { EnvHttpProxyAgent } = await loadUndici();
  const tls = {
    ...(options.caFile ? { ca: [...rootCertificates, readFileSync(options.caFile, 'utf8')] } : {}),
    ...(options.certFile ? { cert: readFileSync(options.certFile, 'utf8') } : {}),
    ...(options.keyFile ? { key: readFileSync(options.keyFile, 'utf8') } : {}),
    ...(options.insecure ? { rejectUnauthorized: false } : {}),
  };
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // `connect` applies to direct connections, `requestTls` to the TLS session tunnelled through a proxy.
  return new EnvHttpProxyAgent({ connect: { ...tls, timeout }, requestTls: tls, headersTimeout: timeout, bodyTimeout: timeout });
}

/**
 * Refuse to leave https for anything else. Used for redirects and for every URL a registry hands us
 * to continue with (an upload Location, a pagination Link): each would carry the next request,
 * its body and, on the same host, our credentials.
 */
export function assertNoDowngrade(from: URL, to: URL, how = 'redirected an https request'): void {
  if (from.protocol !== 'https:' || to.protocol === 'https:') return;
  throw new HpluginError(
    'REGISTRY_REDIRECT_REFUSED',
    `The registry at ${from.host} ${how} to plain http (${to.protocol}//${to.host}); hplugin refuses the downgrade.`,
    {
      hint: 'Fix the registry or CDN configuration so that it sends https URLs.',
      details: { from: from.host, to: to.host },
    },
  );
}

export class Transport {
  readonly userAgent: string;
  private dispatcher: Dispatcher | undefined;
  private readonly ownsDispatcher: boolean;
  private readonly signal: AbortSignal | undefined;
  private readonly options: TransportOptions;

  constructor(options: TransportOptions = {}) {
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.signal = options.signal;
    this.ownsDispatcher = !options.dispatcher;
    this.dispatcher = options.dispatcher;
    this.options = options;
  }

  private async ready(): Promise<Dispatcher> {
    // Two first requests at once may both create one: keep the first, close the other.
    const made = this.dispatcher ?? (await createDispatcher(this.options));
    if (this.dispatcher && made !== this.dispatcher) await made.close();
    return (this.dispatcher ??= made);
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    let { method, url, body } = req;
    const headers: Record<string, string> = { 'user-agent': this.userAgent, ...lowerCase(req.headers ?? {}) };
    const dispatcher = await this.ready();
    const { request } = await loadUndici();
    for (let hop = 0; ; hop++) {
      const res = await request(url, {
        method,
        headers,
        body: typeof body === 'function' ? body() : body,
        dispatcher,
        ...(this.signal ? { signal: this.signal } : {}),
      });
      const location = header({ headers: res.headers }, 'location');
      const redirect = [301, 302, 303, 307, 308].includes(res.statusCode) && location !== undefined;
      // Upload endpoints answer 202/201 with a Location that is not a redirect: only 3xx are followed.
      if (!redirect || hop >= MAX_REDIRECTS) {
        return { status: res.statusCode, headers: res.headers, body: res.body, url };
      }
      await res.body.dump();
      const next = new URL(location, url);
      assertNoDowngrade(url, next);
      // Presigned CDN/S3 URLs carry their own auth; our token must not travel to them.
      if (next.host !== url.host) delete headers.authorization;
      if (res.statusCode === 303 || ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')) {
        if (method !== 'HEAD') method = 'GET';
        body = undefined;
        delete headers['content-length'];
        delete headers['content-type'];
      }
      url = next;
    }
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher?.close();
  }
}

function lowerCase(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}
