/**
 * The errors the transport raises itself (the socket raises the rest: ECONNRESET, ECONNREFUSED, TLS
 * codes). Kept apart from transport.ts so that errors.ts and retry.ts can name the codes without
 * loading node:http.
 */

/** Which wait ran out: the connection (TCP, TLS, a proxy tunnel), the answer's headers, or the next piece of its body. */
export type TimeoutPhase = 'connect' | 'headers' | 'body';

export const TIMEOUT_CODES: ReadonlySet<string> = new Set(['OCI_CONNECT_TIMEOUT', 'OCI_HEADERS_TIMEOUT', 'OCI_BODY_TIMEOUT']);

const WHAT: Record<TimeoutPhase, string> = {
  connect: 'no connection',
  headers: 'no answer',
  body: 'no further data',
};

export class TransportTimeoutError extends Error {
  readonly code: string;
  readonly phase: TimeoutPhase;

  constructor(phase: TimeoutPhase, timeoutMs: number) {
    super(`${WHAT[phase]} within ${timeoutMs} ms`);
    this.name = 'TransportTimeoutError';
    this.phase = phase;
    this.code = `OCI_${phase.toUpperCase()}_TIMEOUT`;
  }
}
