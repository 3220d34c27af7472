import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { GZIP_BLOCK, ParallelGzip } from './parallel-gzip.js';

/** Compressible like a wasm module: repeated structure with some noise. */
function moduleLike(size: number): Buffer {
  const out = Buffer.alloc(size);
  const noise = randomBytes(4096);
  for (let i = 0; i < size; i++) out[i] = i % 7 === 0 ? noise[i % noise.length]! : (i * 31) % 251;
  return out;
}

/** Feeds `input` in pieces of the given sizes (cycled), as a file read or a tar stream would. */
async function gzipOf(input: Buffer, pieces: number[] = [65536], level = 6): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (let at = 0, i = 0; at < input.length; i++) {
    const n = pieces[i % pieces.length]!;
    chunks.push(input.subarray(at, at + n));
    at += n;
  }
  const gzip = new ParallelGzip(level);
  const [, out] = await Promise.all([pipeline(Readable.from(chunks), gzip), buffer(gzip)]);
  return out;
}

describe('ParallelGzip', () => {
  it.each([0, 1, 1000, GZIP_BLOCK - 1, GZIP_BLOCK, GZIP_BLOCK + 1, 3 * GZIP_BLOCK + 12345])(
    'is one gzip member that gunzips to the input (%i bytes)',
    async (size) => {
      const input = moduleLike(size);
      const out = await gzipOf(input);
      expect(gunzipSync(out).equals(input)).toBe(true);
    },
  );

  it('gives the same bytes however the input is cut', async () => {
    const input = moduleLike(2 * GZIP_BLOCK + 777);
    const a = await gzipOf(input, [65536]);
    const b = await gzipOf(input, [1, 7000, 1024 * 1024 + 3]);
    const c = await gzipOf(input, [input.length]);
    expect(b.equals(a)).toBe(true);
    expect(c.equals(a)).toBe(true);
  });

  it('writes a header with no name, mtime 0, zlib’s XFL and OS 255, and the CRC32 and size trailer', async () => {
    const input = moduleLike(5000);
    const out = await gzipOf(input);
    expect([...out.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
    expect((await gzipOf(input, [65536], 9))[8]).toBe(2);
    expect((await gzipOf(input, [65536], 1))[8]).toBe(4);
    // The trailer is what zlib's own gzip writes for the same input.
    const zlib = gzipSync(input, { level: 6 });
    expect(out.subarray(-8).equals(zlib.subarray(-8))).toBe(true);
  });

  it('loses almost nothing to the blocks: within 0.5% of a one-stream gzip at the same level', async () => {
    const input = moduleLike(4 * GZIP_BLOCK);
    const ours = (await gzipOf(input)).length;
    const single = gzipSync(input, { level: 6 }).length;
    expect(ours / single).toBeLessThan(1.005);
  });

  it('fails the stream, not the process, when deflate fails', async () => {
    const gzip = new ParallelGzip(42);
    const done = Promise.all([pipeline(Readable.from([moduleLike(GZIP_BLOCK * 5)]), gzip), buffer(gzip)]);
    await expect(done).rejects.toThrow(/level/i);
  });
});
