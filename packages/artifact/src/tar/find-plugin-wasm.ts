/**
 * Find plugin.wasm in a tar.gz layer exactly as the gateway's fetcher does (istio pkg/wasm,
 * extractWasmPluginBinary, measured by test/gateway/differential.test.ts):
 * - gunzip (concatenated gzip members included), then untar the first 256 MiB of decompressed bytes;
 * - the FIRST entry whose base name is plugin.wasm wins, whatever its type: a directory, symlink,
 *   hard link or empty file of that name yields no bytes (and the gateway then rejects the module);
 * - reading stops there: what follows (more entries, a cut-off or trailing garbage) is never read.
 * Only a digest and the first bytes of the module are kept, never the module itself.
 */
import { posix } from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { Gunzip } from 'fflate';
import { Parser, type ReadEntry } from 'tar';
import { DigestStream } from '../digest-stream.js';
import { nodeWritable } from './minipass-sink.js';

export const PLUGIN_WASM_NAME = 'plugin.wasm';

export interface FoundWasm {
  /** The entry's name in the archive. */
  path: string;
  /** The tar entry type (File, Directory, SymbolicLink, Link, …). */
  type: string;
  /** The bytes the gateway extracts: their digest and count. */
  digest: string;
  size: number;
  /** Up to the first 8 bytes: the `\0asm` magic and the version. */
  head: Buffer;
}

export type TarLookup = { found: FoundWasm } | { missing: string };

export class TarScanError extends Error {}

/**
 * Resolves with the first plugin.wasm, or the reason there is none (`missing`); rejects with a
 * TarScanError when the layer is not a tar.gz the fetcher can read up to that entry. The source is
 * left paused (unpiped), never half-consumed by a stream that is gone: the caller drains it.
 */
export function findPluginWasm(source: Readable, limitBytes: number): Promise<TarLookup> {
  return new Promise<TarLookup>((resolve, reject) => {
    const gunzip = new GzipMembers();
    const cap = new Truncate(limitBytes);
    const parser = new Parser({ onReadEntry: (entry: ReadEntry) => onEntry(entry) });
    let settled = false;
    let match: Promise<FoundWasm> | undefined;

    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      source.unpipe(gunzip);
      source.off('error', onSourceError);
      gunzip.destroy();
      cap.destroy();
      outcome();
    };
    // The blob itself failed (its reader's digest check, a cut connection): that is the answer.
    const onSourceError = (err: Error): void => settle(() => reject(err));

    function onEntry(entry: ReadEntry): void {
      if (match || posix.basename(entry.path) !== PLUGIN_WASM_NAME) {
        entry.resume();
        return;
      }
      match = readEntry(entry);
      match.then(
        (found) => settle(() => resolve({ found })),
        (err: Error) => settle(() => reject(new TarScanError(err.message))),
      );
    }

    // node-tar reports a broken archive as warnings; the fetcher's tar reader fails on the same input.
    parser.on('warn', (code: string, message: string | Error) => {
      if (match) return;
      if (code === 'TAR_BAD_ARCHIVE' || code === 'TAR_ENTRY_INVALID' || code === 'TAR_ABORT') {
        // Bad tar data right where the gzip stream broke is the gzip error's doing: name that.
        const text = gunzip.failure
          ? `not readable gzip data (${gunzip.failure.message})`
          : typeof message === 'string'
            ? message
            : message.message;
        settle(() => reject(new TarScanError(text)));
      }
    });
    parser.on('end', () => {
      const gzipError = gunzip.failure;
      // The archive (or the 256 MiB the fetcher reads of it) ended: a match still open was cut short.
      if (match) setImmediate(() => settle(() => reject(new TarScanError(`${PLUGIN_WASM_NAME} is cut short: the archive ends inside it`))));
      else if (gzipError) settle(() => reject(new TarScanError(`not readable gzip data (${gzipError.message})`)));
      else settle(() => resolve({ missing: `no entry named ${PLUGIN_WASM_NAME}` }));
    });
    source.on('error', onSourceError);
    source.pipe(gunzip).pipe(cap).pipe(nodeWritable(parser));
  });
}

function readEntry(entry: ReadEntry): Promise<FoundWasm> {
  return new Promise((resolve, reject) => {
    const tap = new DigestStream();
    const head: Buffer[] = [];
    let headBytes = 0;
    tap.on('data', (chunk: Buffer) => {
      if (headBytes < 8) {
        head.push(chunk.subarray(0, 8 - headBytes));
        headBytes += Math.min(chunk.length, 8 - headBytes);
      }
    });
    tap.on('end', () => {
      const { digest, size } = tap.result();
      // node-tar ends an entry early when the archive stops inside it; the fetcher's read then fails.
      if (size !== entry.size)
        reject(new Error(`${PLUGIN_WASM_NAME} is cut short: the archive ends after ${size} of its ${entry.size} bytes`));
      else resolve({ path: entry.path, type: entry.type, digest, size, head: Buffer.concat(head) });
    });
    tap.on('error', reject);
    entry.pipe(tap);
  });
}

/**
 * gunzip as Go's gzip.Reader does it: concatenated members are one stream, and an error (not gzip,
 * garbage after a member) comes after every byte decompressed before it. Node's zlib drops the
 * output of the chunk in which it fails, which turned "garbage after the gzip stream" into a
 * rejection the gateway does not make; fflate hands over each byte as it decodes it. The error
 * ends the stream instead of destroying it, so what came before still reaches the tar reader;
 * the reader asks `failure` once the stream is over.
 */
class GzipMembers extends Transform {
  failure?: Error;
  private readonly inflater = new Gunzip((data) => this.push(Buffer.from(data.buffer, data.byteOffset, data.length)));

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.feed(chunk, false);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.feed(new Uint8Array(0), true);
    callback();
  }

  private feed(chunk: Uint8Array, final: boolean): void {
    if (this.failure) return;
    try {
      this.inflater.push(chunk, final);
    } catch (err) {
      this.failure = err as Error;
      this.push(null);
    }
  }
}

/** Passes the first `limit` bytes, then ends: io.LimitReader, which makes the rest look like EOF. */
class Truncate extends Transform {
  private left: number;
  constructor(limit: number) {
    super();
    this.left = limit;
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.left <= 0) return callback();
    const part = chunk.length <= this.left ? chunk : chunk.subarray(0, this.left);
    this.left -= part.length;
    this.push(part);
    if (this.left === 0) this.push(null);
    callback();
  }
}
