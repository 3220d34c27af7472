/**
 * Streaming helpers of the fault proxy.
 *
 * API:
 *   relay(source, sink, cut?): copies a body, optionally stopping for a fault exactly N bytes in
 *   endToEndHeaders(headers): the headers without the hop-by-hop ones a proxy must not forward
 *   sleep(ms)
 */
import type http from 'node:http';
import type { Readable, Writable } from 'node:stream';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function endToEndHeaders(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

function write(sink: Writable, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => sink.write(chunk, (error) => (error ? reject(error) : resolve())));
}

/**
 * Copies `source` to `sink`, awaiting each write. When `cut` is given, `cut.at()` runs once exactly
 * `cut.after` bytes in (or at the end, if the body is shorter); it returns false to stop the copy.
 */
export async function relay(source: Readable, sink: Writable, cut?: { after: number; at: () => Promise<boolean> }): Promise<void> {
  let sent = 0;
  let fired = false;
  for await (const data of source) {
    let chunk = data as Buffer;
    if (cut && !fired && sent + chunk.length >= cut.after) {
      const head = chunk.subarray(0, cut.after - sent);
      if (head.length > 0) await write(sink, head);
      sent += head.length;
      fired = true;
      if (!(await cut.at())) return void source.destroy();
      chunk = chunk.subarray(head.length);
    }
    if (chunk.length > 0) await write(sink, chunk);
    sent += chunk.length;
  }
  if (cut && !fired && !(await cut.at())) return;
  sink.end();
}
