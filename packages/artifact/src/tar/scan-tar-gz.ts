/**
 * Read a tar.gz layer the way the gateway does: gunzip, untar, take the FIRST entry whose base name
 * is plugin.wasm, and stop after 256 MiB of decompressed bytes (a decompression bomb must not fill
 * memory or disk). Only the first bytes of each wasm are kept, never the whole module.
 */
import { posix } from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { isHpluginError } from '@hplugin/core';
import { DigestStream } from '../digest-stream.js';

export interface ScannedWasm {
  path: string;
  size: number;
  digest: string;
  /** Up to the first 8 bytes: enough to check the `\0asm` magic and the version. */
  head: Buffer;
}

export interface TarScan {
  /** Regular files whose name ends in .wasm (plugin-server wants exactly one). */
  wasmFiles: string[];
  /** The first entry named plugin.wasm, as the gateway picks it. */
  pluginWasm?: ScannedWasm & { type: string };
  /** True when the decompressed stream passed the limit and reading stopped. */
  tooLarge: boolean;
}

export class TarScanError extends Error {}

export async function scanTarGz(source: Readable, limitBytes: number): Promise<TarScan> {
  const scan: TarScan = { wasmFiles: [], tooLarge: false };
  const pending: Array<Promise<void>> = [];
  const parser = new Parser({
    onReadEntry: (entry: ReadEntry) => {
      const isFile = entry.type === 'File' || entry.type === 'OldFile' || entry.type === 'ContiguousFile';
      if (isFile && entry.path.endsWith('.wasm')) scan.wasmFiles.push(entry.path);
      if (!scan.pluginWasm && posix.basename(entry.path.replace(/\/+$/, '')) === 'plugin.wasm') {
        pending.push(readWasm(entry).then((wasm) => void (scan.pluginWasm = { ...wasm, type: entry.type })));
      } else {
        entry.resume();
      }
    },
  });
  const limiter = new ByteLimit(limitBytes, () => (scan.tooLarge = true));
  let parseError: Error | undefined;
  parser.on('warn', (code: string, message: string | Error) => {
    // node-tar reports a broken archive as warnings (TAR_BAD_ARCHIVE, TAR_ENTRY_INVALID) rather than errors.
    if (code === 'TAR_BAD_ARCHIVE' || code === 'TAR_ENTRY_INVALID' || code === 'TAR_ABORT') {
      parseError ??= new TarScanError(typeof message === 'string' ? message : message.message);
    }
  });
  try {
    await pipeline(source, createGunzip(), limiter, parser as unknown as NodeJS.WritableStream);
  } catch (err) {
    // A blob that failed its own digest check is the reader's error, not a malformed archive.
    if (isHpluginError(err)) throw err;
    if (!scan.tooLarge) throw new TarScanError((err as Error).message);
  }
  // After an overflow or a broken archive an entry may never end: do not wait for it.
  if (scan.tooLarge) return scan;
  if (parseError) throw parseError;
  await Promise.all(pending);
  return scan;
}

function readWasm(entry: ReadEntry): Promise<ScannedWasm> {
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
    tap.on('end', () => resolve({ path: entry.path, ...tap.result(), head: Buffer.concat(head) }));
    tap.on('error', reject);
    entry.pipe(tap);
  });
}

/** Passes bytes through until `limit`, then ends the stream and reports it. */
class ByteLimit extends Transform {
  private seen = 0;
  constructor(
    private readonly limit: number,
    private readonly onExceeded: () => void,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) {
      this.onExceeded();
      callback(new Error(`more than ${this.limit} bytes after decompression`));
      return;
    }
    callback(null, chunk);
  }
}
