/**
 * Hand-written tar archives for hostile-input tests (pulled plugins, template archives): entries
 * that climb out (`../`), are absolute, are links or devices, or inflate far beyond their size.
 * Headers are written by hand (ustar, 512-byte blocks) because a well-behaved archiver refuses to
 * make these on purpose.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';

type EntryType = 'file' | 'symlink' | 'hardlink' | 'chardev' | 'directory';
export interface TarEntry {
  name: string;
  type?: EntryType;
  content?: string | Buffer;
  linkTarget?: string;
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(entry: TarEntry, size: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(entry.name, 0, 100, 'utf8');
  h.write(octal(0o644, 8), 100);
  h.write(octal(0, 8), 108);
  h.write(octal(0, 8), 116);
  h.write(octal(size, 12), 124);
  h.write(octal(0, 12), 136);
  h.write(' '.repeat(8), 148); // checksum field counts as spaces while summing
  h.write({ file: '0', hardlink: '1', symlink: '2', chardev: '3', directory: '5' }[entry.type ?? 'file'], 156);
  if (entry.linkTarget) h.write(entry.linkTarget, 157, 100, 'utf8');
  h.write('ustar\u000000', 257);
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(octal(sum, 7) + ' ', 148);
  return h;
}

/** The uncompressed tar: 512-byte headers, padded bodies, two zero blocks. */
export function tarBytes(entries: TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const body = e.type && e.type !== 'file' ? Buffer.alloc(0) : Buffer.from(e.content ?? '');
    blocks.push(header(e, body.length), body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

export function tarGz(entries: TarEntry[]): Buffer {
  return gzipSync(tarBytes(entries));
}

/**
 * A gzip bomb: one file entry `name` of `size` zero bytes, compressed (about 1000:1). Built by
 * streaming zeros through gzip, so the test never holds the expanded bytes.
 */
export async function zeroBombTarGz(name: string, size: number): Promise<Buffer> {
  const zeros = Buffer.alloc(1024 * 1024);
  async function* tar() {
    yield header({ name }, size);
    for (let left = size; left > 0; left -= zeros.length) yield left >= zeros.length ? zeros : zeros.subarray(0, left);
    yield Buffer.alloc(((512 - (size % 512)) % 512) + 1024);
  }
  const out: Buffer[] = [];
  await pipeline(Readable.from(tar()), createGzip({ level: 9 }), async (compressed: AsyncIterable<Buffer>) => {
    for await (const chunk of compressed) out.push(chunk);
  });
  return Buffer.concat(out);
}
