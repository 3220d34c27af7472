/**
 * One HTTP exchange with a registry, over node:http/node:https: scheme choice, TLS options, proxies
 * from the environment, a User-Agent, timeouts, and redirects followed by hand so that credentials
 * never leave the host they were meant for and https is never downgraded. Retries and auth are
 * layered on top.
 *
 * node:http rather than undici (BENCHMARKS.md, "The transport on node:http"): it is part of Node,
 * so loading this client and its first request cost ~18 ms and ~2 MB instead of ~76 ms and
 * ~23 MB, and its write callbacks let file uploads reuse a few buffers (file-body.ts).
 */
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import { HpluginError } from '@hplugin/core';
import type { FileRangeBody } from './file-body.js';
import type { HttpClient } from './http-client.js';
import { responseBody, type ResponseBody } from './response-body.js';

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
   * (default 60 s). Without it a registry that accepts and never answers holds hplugin for ever.
   */
  timeoutMs?: number;
  /** Connections kept open per host, shared by parallel blob uploads (default 8). */
  maxSockets?: number;
  /** Aborts every request of this transport (Ctrl-C): an upload in flight stops at once. */
  signal?: AbortSignal;
}

/**
 * Bodies are always replayable: retries and 307/308 redirects send them again. A file range is
 * read by the transport itself through reused buffers (file-body.ts); prefer it for blobs.
 */
export type BodySource = string | Uint8Array | (() => Readable) | FileRangeBody;

export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: URL;
  headers?: Record<string, string>;
  body?: BodySource;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: ResponseBody;
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
  private readonly options: TransportOptions;
  private client: Promise<HttpClient> | undefined;

  constructor(options: TransportOptions = {}) {
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.options = options;
  }

  /**
   * The node:http side is loaded on the first request, not with this module: commands that load the
   * registry client without talking to a registry (logout) do not load TLS.
   */
  private ready(): Promise<HttpClient> {
    return (this.client ??= import('./http-client.js').then(({ HttpClient }) => new HttpClient(this.options)));
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    let { method, url, body } = req;
    const headers: Record<string, string> = { 'user-agent': this.userAgent, ...lowerCase(req.headers ?? {}) };
    const client = await this.ready();
    for (let hop = 0; ; hop++) {
      const res = await client.exchange(method, url, headers, body);
      const status = res.statusCode ?? 0;
      const location = header(res, 'location');
      const redirect = [301, 302, 303, 307, 308].includes(status) && location !== undefined;
      // Upload endpoints answer 202/201 with a Location that is not a redirect: only 3xx are followed.
      if (!redirect || hop >= MAX_REDIRECTS) {
        return { status, headers: res.headers, body: responseBody(res), url };
      }
      await responseBody(res).dump();
      const next = new URL(location, url);
      assertNoDowngrade(url, next);
      // Presigned CDN/S3 URLs carry their own auth; our token must not travel to them.
      if (next.host !== url.host) delete headers.authorization;
      if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
        if (method !== 'HEAD') method = 'GET';
        body = undefined;
        delete headers['content-length'];
        delete headers['content-type'];
      }
      url = next;
    }
  }

  /** Close every kept-alive connection; requests still running fail. */
  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    (await client)?.close();
  }
}

function lowerCase(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}
