/**
 * Blob builders for the gateway shapes: tar archives with any entry type (a directory, symlink or
 * hard link named plugin.wasm included), gzip at any level (0 stores: "compressed" size = raw size),
 * and bodies of zeros generated as a stream, so a 300 MiB layer costs disk, never memory.
 *
 * node-tar encodes the headers (ustar, plus a PAX header for long names); we lay the blocks out
 * ourselves because the hostile shapes are exactly what a well-behaved archiver refuses to write.
 */
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { Header, Pax } from 'tar';
import { bytesBlob, fileBlob, type BlobSource } from '@hplugin/oci';

const BLOCK = 512;
const MiB = 1024 * 1024;
const ZEROS = Buffer.alloc(MiB);

/** `size` zero bytes after `prefix`: the shape of a big module without holding it. */
export interface ZeroBody {
  prefix?: Buffer;
  zeros: number;
}

export interface TarEntry {
  name: string;
  type?: 'File' | 'Directory' | 'SymbolicLink' | 'Link';
  body?: Buffer | ZeroBody;
  linkpath?: string;
}

function bodySize(body: TarEntry['body']): number {
  if (!body) return 0;
  return Buffer.isBuffer(body) ? body.length : (body.prefix?.length ?? 0) + body.zeros;
}

function* bodyChunks(body: TarEntry['body']): Generator<Buffer> {
  if (!body) return;
  if (Buffer.isBuffer(body)) {
    yield body;
    return;
  }
  if (body.prefix) yield body.prefix;
  for (let left = body.zeros; left > 0; left -= MiB) yield left >= MiB ? ZEROS : ZEROS.subarray(0, left);
}

/** The tar stream: header (and PAX header when the name is too long), body, padding; then two zero blocks. */
export function* tarChunks(entries: TarEntry[], options: { endOfArchive?: boolean } = {}): Generator<Buffer> {
  const mtime = new Date(0);
  for (const e of entries) {
    const type = e.type ?? 'File';
    const size = type === 'File' ? bodySize(e.body) : 0;
    const fields = {
      path: e.name,
      mode: type === 'Directory' ? 0o755 : 0o644,
      uid: 0,
      gid: 0,
      size,
      mtime,
      type,
      ...(e.linkpath ? { linkpath: e.linkpath } : {}),
    };
    const header = new Header(fields);
    const block = Buffer.alloc(BLOCK);
    header.encode(block);
    if (header.needPax) yield new Pax({ path: e.name, mtime }).encode();
    yield block;
    if (type === 'File') {
      yield* bodyChunks(e.body);
      if (size % BLOCK) yield Buffer.alloc(BLOCK - (size % BLOCK));
    }
  }
  if (options.endOfArchive !== false) yield Buffer.alloc(2 * BLOCK);
}

export function tarBytes(entries: TarEntry[]): Buffer {
  return Buffer.concat([...tarChunks(entries)]);
}

/** A whole gzip member of `data`, at zlib level `level` (0 = stored blocks, no compression). */
export async function gzipToFile(path: string, chunks: Iterable<Buffer>, level = 6): Promise<void> {
  await pipeline(Readable.from(chunks), createGzip({ level }), createWriteStream(path));
}

/** A tar.gz layer blob written to `dir`; bodies of zeros keep even a 300 MiB layer off the heap. */
export async function tarGzBlob(dir: string, name: string, entries: TarEntry[], mediaType: string, level = 6): Promise<BlobSource> {
  const path = join(dir, name);
  await gzipToFile(path, tarChunks(entries), level);
  return fileBlob(path, mediaType);
}

/** A raw blob of a prefix and zeros, written to `dir`. */
export async function zeroBlob(dir: string, name: string, body: ZeroBody, mediaType: string): Promise<BlobSource> {
  const path = join(dir, name);
  await pipeline(Readable.from(bodyChunks(body)), createWriteStream(path));
  return fileBlob(path, mediaType);
}

export async function fileOf(dir: string, name: string, bytes: Buffer, mediaType: string): Promise<BlobSource> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return fileBlob(path, mediaType);
}

export { bytesBlob };
