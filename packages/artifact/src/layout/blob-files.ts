/**
 * Content-addressed files under blobs/sha256/. Every write goes to a temp file in the same folder,
 * is hashed on the way, fsynced, and renamed to its digest: a reader never sees half a blob, and a
 * crash leaves at worst a stray temp file. Every read is hashed too: a file that does not hash to
 * its name is reported as corrupt, never served.
 */
import { createReadStream } from 'node:fs';
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createHash, type Hash } from 'node:crypto';
import { tempPathFor } from '@hplugin/core';
import { sha256Digest } from '@hplugin/oci/spec';
import { DigestStream } from '../digest-stream.js';
import { blobCorrupt } from './errors.js';

export async function writeBlobFromStream(
  pathFor: (digest: string) => string,
  tempDir: string,
  source: Readable,
): Promise<{ digest: string; size: number }> {
  const tmp = tempPathFor(`${tempDir}/blob`);
  const handle = await open(tmp, 'w', 0o644);
  try {
    const tap = new DigestStream();
    // flush: fsync before the stream closes the file, so the rename below never exposes unwritten data.
    await pipeline(source, tap, handle.createWriteStream({ flush: true }));
    const result = tap.result();
    // rename() replaces any file already there: a good one with identical bytes, a corrupt one with good ones.
    await rename(tmp, pathFor(result.digest));
    return result;
  } catch (err) {
    await handle.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw err;
  }
}

/** True when `path` exists and holds exactly the bytes that hash to `digest`. */
export async function blobFileIsIntact(path: string, digest: string, size: number): Promise<boolean> {
  try {
    if ((await stat(path)).size !== size) return false;
    return sha256Digest(await readFile(path)) === digest;
  } catch {
    return false;
  }
}

export async function readVerified(path: string, digest: string): Promise<Buffer> {
  const bytes = await readFile(path);
  const actual = sha256Digest(bytes);
  if (actual !== digest) throw blobCorrupt(digest, path, actual);
  return bytes;
}

export function streamVerified(path: string, digest: string, onMissing: () => Error): Readable {
  const verify = new VerifyDigest(digest, path);
  const file = createReadStream(path);
  // Not pipeline(): it would fail `verify` with the raw ENOENT before we could name the missing blob.
  file.on('error', (err: NodeJS.ErrnoException) => verify.destroy(err.code === 'ENOENT' ? onMissing() : err));
  verify.on('close', () => file.destroy());
  file.pipe(verify);
  return verify;
}

/** Passes bytes through; at the end fails the stream if they did not hash to the expected digest. */
class VerifyDigest extends Transform {
  private readonly hash: Hash = createHash('sha256');
  constructor(
    private readonly digest: string,
    private readonly path: string,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    callback(null, chunk);
  }
  override _flush(callback: TransformCallback): void {
    const actual = `sha256:${this.hash.digest('hex')}`;
    callback(actual === this.digest ? null : blobCorrupt(this.digest, this.path, actual));
  }
}
