/** A stable digest over a set of files: each contributes its relative path and its own sha256. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export async function hashFiles(root: string, files: string[]): Promise<{ digest: string; entries: Record<string, string> }> {
  const entries: Record<string, string> = {};
  // Small source files: read them concurrently in modest batches, keep the order for the digest.
  const batch = 32;
  for (let i = 0; i < files.length; i += batch) {
    const slice = files.slice(i, i + batch);
    const digests = await Promise.all(slice.map(async (f) => createHash('sha256').update(await readFile(join(root, f))).digest('hex')));
    slice.forEach((f, j) => (entries[f] = digests[j]!));
  }
  const total = createHash('sha256');
  for (const f of files) total.update(`${f}\0${entries[f]}\n`);
  return { digest: total.digest('hex'), entries };
}
