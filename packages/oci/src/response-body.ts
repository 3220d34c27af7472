/**
 * The body of a registry's answer: the socket's own stream (node:http's IncomingMessage), plus
 * `dump()` for answers read for their status and headers only, and `text()` for tests.
 */
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';

export interface ResponseBody extends Readable {
  /**
   * Drain the body without keeping it, so the connection can serve the next request. Resolves when
   * the body ended or failed (a failed drain only costs the connection). A body longer than
   * DUMP_LIMIT is not worth reading to the end: the connection is closed instead.
   */
  dump(): Promise<void>;
  /** The whole body as UTF-8. Unbounded: callers that face a registry use body.ts's capped readers. */
  text(): Promise<string>;
}

/** What undici drained before closing a connection instead; a registry's empty 201/202 is far below it. */
const DUMP_LIMIT = 128 * 1024;

export function responseBody(message: IncomingMessage): ResponseBody {
  // A body that fails before anyone reads it (a timeout, a cut connection) must not crash the
  // process as an unhandled 'error': readers attach their own listener and still see the error.
  message.on('error', () => undefined);
  return Object.assign(message, {
    dump: () => dump(message),
    text: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of message) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  });
}

function dump(message: IncomingMessage): Promise<void> {
  if (message.readableEnded || message.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let drained = 0;
    const done = () => {
      message.off('data', onData).off('end', done).off('close', done).off('error', done);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > DUMP_LIMIT) message.destroy();
    };
    message.on('data', onData).once('end', done).once('close', done).once('error', done);
  });
}
