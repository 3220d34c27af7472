/** A stable digest over a set of files: each contributes its relative path and its own sha256. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

// Above this size a file is hashed as a stream: an embedded 250 MiB asset must not sit in memory.
const STREAM_ABOVE = 4 * 1024 * 1024;

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  if ((await stat(path)).size <= STREAM_ABOVE) return hash.update(await readFile(path)).digest('hex');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function hashFiles(root: string, files: string[]): Promise<{ digest: string; entries: Record<string, string> }> {
  const entries: Record<string, string> = {};
  // Small source files: read them concurrently in modest batches, keep the order for the digest.
  const batch = 32;
  for (let i = 0; i < files.length; i += batch) {
    const slice = files.slice(i, i + batch);
    const digests = await Promise.all(slice.map((f) => hashFile(join(root, f))));
    slice.forEach((f, j) => (entries[f] = digests[j]!));
  }
  const total = createHash('sha256');
  for (const f of files) total.update(`${f}\0${entries[f]}\n`);
  return { digest: total.digest('hex'), entries };
}
