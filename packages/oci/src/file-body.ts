/**
 * A request body read straight from a file range through a few reused buffers.
 *
 * Why not a read stream: every chunk of a stream is a fresh Buffer outside V8's heap, freed only when
 * V8 collects its wrapper, which it does late (under "external memory pressure", ~64 MB). A 64 MiB
 * upload then peaks at the code plus ~60 MB of chunks already sent (BENCHMARKS.md, --trace-gc).
 * Here a buffer is filled again only after the socket reported, through write()'s callback, that it
 * is done with it, so an upload holds RING_SIZE × RING_BUFFER bytes whatever the blob's size.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';

/** Bytes [start, end) of the file at `path`. Replayable: each send opens the file again. */
export interface FileRangeBody {
  kind: 'file-range';
  path: string;
  start: number;
  end: number;
  /** Called with the number of bytes of this range the socket has taken so far. */
  onWritten?: (bytes: number) => void;
  /**
   * Hash the bytes as they are read and, when they do not match `digest`, fail the request with
   * `mismatch(actual)` before its last byte: the registry never receives a complete damaged blob.
   */
  verify?: { digest: string; mismatch: (actual: string) => Error };
}

export function fileRange(
  path: string,
  start: number,
  end: number,
  options: Pick<FileRangeBody, 'onWritten' | 'verify'> = {},
): FileRangeBody {
  return { kind: 'file-range', path, start, end, ...options };
}

// Measured (BENCHMARKS.md, "Speed fixes"): a 59.6 MiB PUT to a local docker-registry, 5 alternating
// rounds, median: 4 × 256 KiB 193 ms; 2 × 256 KiB 221, 8 × 256 KiB 202, 2 × 1 MiB 205, 4 × 1 MiB
// 209, 4 × 64 KiB 202; a read stream of 1 MiB chunks 231 ms with 35 MB of external memory at its
// peak, against 3 MB here.
export const RING_SIZE = 4;
export const RING_BUFFER = 256 * 1024;

/** A fixed set of buffers: acquire() waits until one is free; release() hands it back. */
export class BufferRing {
  private readonly free: Buffer[];
  private readonly waiting: Array<(buf: Buffer) => void> = [];
  /** Every buffer this ring ever made (tests check that it never grows). */
  readonly made: number;

  constructor(
    count = RING_SIZE,
    /** Bytes per buffer. */
    readonly size = RING_BUFFER,
  ) {
    this.free = Array.from({ length: count }, () => Buffer.allocUnsafeSlow(size));
    this.made = count;
  }

  acquire(): Promise<Buffer> {
    const buf = this.free.pop();
    return buf ? Promise.resolve(buf) : new Promise((resolve) => this.waiting.push(resolve));
  }

  release(buf: Buffer): void {
    const next = this.waiting.shift();
    if (next) next(buf);
    else this.free.push(buf);
  }
}

/**
 * A ring no bigger than the range needs: a 600-byte README gets one 600-byte buffer, not 1 MiB. A
 * publish sends its small blobs three at a time, and each full ring stayed allocated until V8
 * collected it: 5 MB of the 64 MiB publish's peak.
 */
export function ringFor(length: number): BufferRing {
  return new BufferRing(Math.min(RING_SIZE, Math.ceil(length / RING_BUFFER)), Math.min(RING_BUFFER, length));
}

/** The request side the writer needs: node:http's ClientRequest, or a test's Writable. */
type Sink = Pick<Writable, 'write' | 'end' | 'destroyed' | 'once' | 'off'>;

/**
 * Write the range into `sink` and end it. Resolves when everything was handed to the sink, or when
 * the sink was destroyed on the way (the request failed: its own error reaches the caller); rejects
 * only when the file cannot be read, after destroying the sink with that error.
 */
export async function writeFileRange(
  sink: Sink & { destroy(err?: Error): unknown },
  body: FileRangeBody,
  ring = ringFor(body.end - body.start),
): Promise<void> {
  let closed = sink.destroyed;
  // A destroyed request never calls back some writes: stop waiting for buffers then.
  let wakeOnClose: (() => void) | undefined;
  const onClose = () => {
    closed = true;
    wakeOnClose?.();
  };
  sink.once('close', onClose);
  const file = await open(body.path, 'r');
  const hash = body.verify ? createHash('sha256') : undefined;
  let written = 0;
  try {
    for (let pos = body.start; pos < body.end && !closed;) {
      const buf = await Promise.race([ring.acquire(), new Promise<undefined>((resolve) => (wakeOnClose = () => resolve(undefined)))]);
      if (!buf || closed) break;
      const { bytesRead } = await file.read(buf, 0, Math.min(buf.length, body.end - pos), pos);
      if (bytesRead === 0) throw new Error(`${body.path} ended at byte ${pos}, before byte ${body.end}: it changed during the upload`);
      pos += bytesRead;
      hash?.update(buf.subarray(0, bytesRead));
      if (hash && pos === body.end) {
        const actual = `sha256:${hash.digest('hex')}`;
        // Checked before the last piece is written, so the request never completes with bad bytes.
        if (actual !== body.verify!.digest) throw body.verify!.mismatch(actual);
      }
      sink.write(buf.subarray(0, bytesRead), (err) => {
        // Only now is the socket done with these bytes: the buffer may be filled again.
        ring.release(buf);
        if (!err) body.onWritten?.((written += bytesRead));
      });
    }
    if (!closed) sink.end();
  } catch (err) {
    sink.destroy(err as Error);
    throw err;
  } finally {
    sink.off('close', onClose);
    await file.close();
  }
}
