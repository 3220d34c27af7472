import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_PIECE_BYTES, readFileInPieces, sha256File } from './file-hash.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hplugin-file-hash-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sha256File and readFileInPieces', () => {
  it.each([0, 1, FILE_PIECE_BYTES - 1, FILE_PIECE_BYTES, FILE_PIECE_BYTES + 1, 3.5 * FILE_PIECE_BYTES])(
    'a file of %i bytes: the same sha256 and size as hashing its bytes at once',
    async (size) => {
      const bytes = randomBytes(size);
      const path = join(dir, `f${size}`);
      await writeFile(path, bytes);
      expect(await sha256File(path)).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), size });
    },
  );

  it('hands over the file in order through one buffer that it fills again (a piece must be copied to outlive its call)', async () => {
    const bytes = randomBytes(2 * FILE_PIECE_BYTES + 7);
    const path = join(dir, 'pieces');
    await writeFile(path, bytes);
    const copies: Buffer[] = [];
    const buffers = new Set<ArrayBufferLike>();
    const size = await readFileInPieces(path, (piece) => {
      copies.push(Buffer.from(piece));
      buffers.add(piece.buffer);
    });
    expect(size).toBe(bytes.length);
    expect(copies.map((c) => c.length)).toEqual([FILE_PIECE_BYTES, FILE_PIECE_BYTES, 7]);
    expect(Buffer.concat(copies).equals(bytes)).toBe(true);
    expect(buffers.size).toBe(1);
  });

  it('fails for a missing file with the file system error', async () => {
    await expect(sha256File(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
