/**
 * The node:http side of the Transport (transport.ts): keep-alive agents, TLS options, proxies from
 * the environment, timeouts, and writing the request body. Loaded on the first request.
 */
import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { pipeline } from 'node:stream';
import { rootCertificates } from 'node:tls';
import { writeFileRange, type FileRangeBody } from './file-body.js';
import { proxyAgent, proxyFor } from './proxy.js';
import { TransportTimeoutError, type TimeoutPhase } from './transport-errors.js';
import { DEFAULT_TIMEOUT_MS, type BodySource, type TransportOptions } from './transport.js';

// Pushes upload three blobs at once and check five (push.ts): more sockets than that would sit idle.
const DEFAULT_MAX_SOCKETS = 8;

interface TlsOptions {
  ca?: string[];
  cert?: string;
  key?: string;
  rejectUnauthorized?: boolean;
}

function readTlsOptions(options: TransportOptions): TlsOptions {
  return {
    ...(options.caFile ? { ca: [...rootCertificates, readFileSync(options.caFile, 'utf8')] } : {}),
    ...(options.certFile ? { cert: readFileSync(options.certFile, 'utf8') } : {}),
    ...(options.keyFile ? { key: readFileSync(options.keyFile, 'utf8') } : {}),
    ...(options.insecure ? { rejectUnauthorized: false } : {}),
  };
}

export class HttpClient {
  private readonly options: TransportOptions;
  private readonly timeoutMs: number;
  private readonly maxSockets: number;
  private tls: TlsOptions | undefined;
  /** One keep-alive agent per scheme, and one per proxy: connections are reused across requests. */
  private readonly agents = new Map<string, Promise<http.Agent>>();

  constructor(options: TransportOptions) {
    this.options = options;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxSockets = options.maxSockets ?? DEFAULT_MAX_SOCKETS;
  }

  /** Close every kept-alive connection; requests still running fail. */
  close(): void {
    for (const agent of this.agents.values())
      agent.then(
        (a) => a.destroy(),
        () => undefined,
      );
    this.agents.clear();
  }

  /** The keep-alive agent for `url`: direct per scheme, or through the proxy the environment names. */
  private agentFor(url: URL, proxy: string | undefined): Promise<http.Agent> {
    if (proxy) return this.cachedAgent(`${url.protocol}${proxy}`, () => proxyAgent(proxy, url, this.maxSockets));
    return this.cachedAgent(url.protocol, async () => {
      const options = { keepAlive: true, maxSockets: this.maxSockets };
      return url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
    });
  }

  private cachedAgent(key: string, make: () => Promise<http.Agent>): Promise<http.Agent> {
    let agent = this.agents.get(key);
    if (!agent) this.agents.set(key, (agent = make()));
    return agent;
  }

  /** One request and its answer's headers; the body is left to the caller. */
  async exchange(method: string, url: URL, headers: Record<string, string>, body: BodySource | undefined): Promise<http.IncomingMessage> {
    const agent = await this.agentFor(url, await proxyFor(url));
    const secure = url.protocol === 'https:';
    const tls = secure ? (this.tls ??= readTlsOptions(this.options)) : {};
    const sendHeaders = { ...headers };
    // A blob goes with its length, never chunked: some registries refuse chunked transfer encoding.
    if (isFileRange(body) && sendHeaders['content-length'] === undefined) sendHeaders['content-length'] = String(body.end - body.start);
    const request = (secure ? https : http).request(url, {
      method,
      headers: sendHeaders,
      agent,
      ...tls,
      ...(this.options.signal ? { signal: this.options.signal } : {}),
    });
    return new Promise<http.IncomingMessage>((resolve, reject) => {
      let answer: http.IncomingMessage | undefined;
      // After the answer, a failure belongs to its body, which node:http fails too.
      const fail = (err: Error) => answer ?? reject(err);
      request.on('error', fail);
      request.once('socket', guardSocket);
      watchTimeouts(request, secure, this.timeoutMs, () => answer, fail);
      request.once('response', (res) => resolve((answer = res)));
      writeBody(request, body);
    });
  }
}

/** Sockets that already have guardSocket's listener (a kept-alive socket serves many requests). */
const guarded = new WeakSet<Socket>();

/**
 * A last-resort 'error' listener on every socket. When a registry answers before it has read the
 * whole body and then resets the connection, the last write fails, and node:http hands the socket
 * back to the agent as soon as that write is called back: it removes the request's error listener
 * at once, and the agent adds its own for idle sockets only on the next tick. The write's error is
 * emitted in between, with no listener, and would crash the process as an uncaught exception (seen
 * in the fault-publish suite). The request has its answer by then, so the late error says nothing
 * new; while a request owns the socket, node:http still passes every error on to it as before.
 */
export function guardSocket(socket: Socket): void {
  if (guarded.has(socket)) return;
  guarded.add(socket);
  socket.on('error', () => undefined);
}

/**
 * Connect: from the request's start until its socket is connected (TCP, TLS, or a proxy tunnel).
 * Then headers and body: no byte moving on the socket, either way, for timeoutMs. A timeout
 * destroys the request (and its answer's body) with a TransportTimeoutError.
 */
function watchTimeouts(
  request: http.ClientRequest,
  secure: boolean,
  timeoutMs: number,
  answer: () => http.IncomingMessage | undefined,
  fail: (err: Error) => void,
): void {
  const expire = (phase: TimeoutPhase) => {
    const err = new TransportTimeoutError(phase, timeoutMs);
    answer()?.destroy(err);
    request.destroy(err);
    // A request still waiting for its socket (a proxy tunnel being set up) emits no error when
    // destroyed, only once a socket arrives, which may be never: fail the exchange here.
    fail(err);
  };
  const connectTimer = setTimeout(() => expire('connect'), timeoutMs);
  const connected = () => {
    clearTimeout(connectTimer);
    request.setTimeout(timeoutMs, () => expire(answer() ? 'body' : 'headers'));
  };
  request.once('close', () => clearTimeout(connectTimer));
  request.once('socket', (socket) => {
    if (!socket.connecting) return connected();
    socket.once(secure ? 'secureConnect' : 'connect', connected);
  });
}

function writeBody(request: http.ClientRequest, body: BodySource | undefined): void {
  if (body === undefined || typeof body === 'string' || body instanceof Uint8Array) {
    request.end(body);
  } else if (!isFileRange(body)) {
    // pipeline destroys the request when the source fails, and the source when the request does.
    pipeline(body(), request, () => undefined);
  } else {
    // The request's own 'error' carries any failure to the caller.
    writeFileRange(request, body).catch(() => undefined);
  }
}

function isFileRange(body: BodySource | undefined): body is FileRangeBody {
  return typeof body === 'object' && !(body instanceof Uint8Array);
}
