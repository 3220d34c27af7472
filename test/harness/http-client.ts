/**
 * A tiny HTTP(S) client for harness code and harness tests, because Node's global fetch cannot be
 * given a CA file without an extra dependency.
 *
 * API:
 *   request(url, options?): Promise<HttpResponse>   never throws on an HTTP status, only on I/O
 *   basicAuth(username, password): string           the value of an Authorization header
 *
 * Bounded: every request has a timeout (default 10 s).
 */
import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** PEM file of the CA that signed the server's certificate (for https URLs). */
  caFile?: string;
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text(): string;
  json<T = unknown>(): T;
}

export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

export function request(url: string, options: RequestOptions = {}): Promise<HttpResponse> {
  const target = new URL(url);
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
  const common = { method: options.method ?? 'GET', headers, timeout: options.timeoutMs ?? 10_000, agent: false as const };
  return new Promise((resolve, reject) => {
    const onResponse = (res: http.IncomingMessage): void => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body,
          text: () => body.toString('utf8'),
          json: <T>() => JSON.parse(body.toString('utf8')) as T,
        });
      });
    };
    const req =
      target.protocol === 'https:'
        ? https.request(target, { ...common, ...(options.caFile ? { ca: readFileSync(options.caFile) } : {}) }, onResponse)
        : http.request(target, common, onResponse);
    req.on('timeout', () => req.destroy(new Error(`${common.method} ${url} timed out after ${common.timeout} ms`)));
    req.on('error', reject);
    req.end(options.body);
  });
}
