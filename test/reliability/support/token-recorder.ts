/**
 * A relay in front of a token issuer that remembers every token it hands out, so the secrets suite
 * knows the exact strings to grep for. Point the registry's `auth.token.realm` at `realm`.
 */
import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

export interface TokenRecorder {
  realm: string;
  tokens: Set<string>;
  /** Set once the registry config names the real realm. */
  upstream: string | undefined;
  stop(): Promise<void>;
}

export async function startTokenRecorder(): Promise<TokenRecorder> {
  const recorder = { tokens: new Set<string>(), upstream: undefined as string | undefined } as TokenRecorder;
  const server = http.createServer(async (req, res) => {
    const target = new URL(req.url ?? '/', recorder.upstream);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const answer = await fetch(target, {
      method: req.method ?? 'GET',
      headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k === 'authorization' || k === 'content-type')) as Record<
        string,
        string
      >,
      ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
    });
    const text = await answer.text();
    try {
      const body = JSON.parse(text) as Record<string, unknown>;
      for (const key of ['token', 'access_token', 'refresh_token'])
        if (typeof body[key] === 'string') recorder.tokens.add(body[key] as string);
    } catch {
      // Not JSON: an error answer, nothing to remember.
    }
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(text);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  recorder.realm = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
  recorder.stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return recorder;
}
