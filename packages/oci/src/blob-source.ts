/**
 * Blob contents for upload. A blob is opened (not held): retries and resumed chunks re-open it, and
 * a 1 GiB layer never sits in memory.
 */
import { createReadStream } from 'node:fs';
import { sha256File } from '@hplugin/core';
import { Readable } from 'node:stream';
import { sha256Digest, type Descriptor } from './spec.js';

export interface BlobSource {
  descriptor: Descriptor;
  /** A fresh stream of the whole blob, each time it is called. */
  open: () => Readable;
  /** Optional fast path for chunked uploads: bytes [start, end) without reading what comes before. */
  openRange?: (start: number, end: number) => Readable;
  /**
   * The file that holds exactly these bytes. When set, the transport reads it itself through a few
   * reused buffers (file-body.ts) instead of open().
   */
  path?: string;
  /**
   * Set when the file is not known to match the descriptor: a whole-blob upload then hashes what it
   * sends and fails with this error, before the last byte, when the file does not match.
   */
  corrupt?: (actual: string) => Error;
}

export function bytesBlob(data: Uint8Array | string, mediaType: string, annotations?: Record<string, string>): BlobSource {
  const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data);
  return {
    descriptor: { mediaType, digest: sha256Digest(bytes), size: bytes.length, ...(annotations ? { annotations } : {}) },
    open: () => Readable.from([bytes]),
    openRange: (start, end) => Readable.from([bytes.subarray(start, end)]),
  };
}

// 1 MiB reads instead of Node's 64 KiB: a third less time for a 64 MiB upload, still bounded memory.
const READ_CHUNK = 1024 * 1024;

/** The file's size and digest, read through one buffer (see sha256File in @hplugin/core). */
async function hashFile(path: string): Promise<{ size: number; digest: string }> {
  const { sha256, size } = await sha256File(path);
  return { size, digest: `sha256:${sha256}` };
}

/** A file as a blob; the digest is computed by reading the file once. */
export async function fileBlob(path: string, mediaType: string, annotations?: Record<string, string>): Promise<BlobSource> {
  const { size, digest } = await hashFile(path);
  return {
    descriptor: { mediaType, digest, size, ...(annotations ? { annotations } : {}) },
    path,
    open: () => createReadStream(path, { highWaterMark: READ_CHUNK }),
    openRange: (start, end) => createReadStream(path, { start, end: end - 1, highWaterMark: READ_CHUNK }),
  };
}

/** Bytes [start, end) of a source, using its range opener when it has one. */
export function openSlice(source: BlobSource, start: number, end: number): Readable {
  if (source.openRange) return source.openRange(start, end);
  const whole = source.open();
  async function* slice() {
    let pos = 0;
    try {
      for await (const chunk of whole) {
        const buf = chunk as Buffer;
        const from = Math.max(start - pos, 0);
        const to = Math.min(end - pos, buf.length);
        if (to > from) yield buf.subarray(from, to);
        pos += buf.length;
        if (pos >= end) break;
      }
    } finally {
      whole.destroy();
    }
  }
  return Readable.from(slice());
}
