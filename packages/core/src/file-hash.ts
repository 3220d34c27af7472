/**
 * Hashing a file without holding it, through one reused buffer. Why not a read stream: each chunk of
 * a stream is a fresh Buffer outside V8's heap that V8 frees only when it collects the chunk's small
 * wrapper, which it does late (under "external memory pressure", ~64 MB): hashing a 64 MiB module
 * that way raised a publish's peak RSS by ~35 MB (BENCHMARKS.md, "Publishing a big plugin").
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

/** 1 MiB: as fast as bigger reads for sha256, and the only buffer a read holds. */
export const FILE_PIECE_BYTES = 1024 * 1024;

/**
 * Read the whole file, handing each piece to `onPiece` in order. A piece is only valid during the
 * call (its buffer is filled again next): copy what must outlive it. Returns the number of bytes read.
 */
export async function readFileInPieces(path: string, onPiece: (piece: Buffer) => void, pieceBytes = FILE_PIECE_BYTES): Promise<number> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafeSlow(pieceBytes);
    let size = 0;
    for (let n; (n = (await file.read(buffer, 0, buffer.length, size)).bytesRead) > 0; size += n) onPiece(buffer.subarray(0, n));
    return size;
  } finally {
    await file.close();
  }
}

/** The file's sha256 (hex) and size, read once through one buffer. */
export async function sha256File(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  const size = await readFileInPieces(path, (piece) => hash.update(piece));
  return { sha256: hash.digest('hex'), size };
}
