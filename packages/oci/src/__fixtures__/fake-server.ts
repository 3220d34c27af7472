/**
 * A throwaway HTTP(S) server on 127.0.0.1 for one named test case. The handler sees the request
 * with its body already read, and every request is recorded so tests can assert on what was sent.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path with query string. */
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export type Handler = (req: RecordedRequest, res: http.ServerResponse, server: FakeServer) => unknown;

export interface FakeServer {
  host: string;
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function fakeServer(handler: Handler, tls?: https.ServerOptions): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const listener = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const recorded = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks) };
    requests.push(recorded);
    try {
      await handler(recorded, res, self);
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  };
  const server = tls ? https.createServer(tls, listener) : http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const self: FakeServer = {
    host: `127.0.0.1:${port}`,
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return self;
}

export function json(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers }).end(text);
}

/** Drop the connection without an answer: the client sees a reset / "other side closed". */
export function reset(res: http.ServerResponse): void {
  res.socket?.destroy();
}

/** The error a promise rejects with; fails the test when it resolves instead. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { code?: string; hint?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { code?: string; hint?: string };
  }
  throw new Error('expected the operation to fail, but it succeeded');
}
