/**
 * What the inputs hash needs to know about a file's content (its sha256, and for Go sources whether
 * they use //go:embed), read at most once per process and, across processes, only when the file's
 * stat changed since the build cache's stat index last saw it (see StatIndex in @hplugin/core).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileStamp, nowNs, readFileInPieces, StatIndex } from '@hplugin/core';

// Above this size a file is hashed as a stream: an embedded 250 MiB asset must not sit in memory.
const STREAM_ABOVE = 4 * 1024 * 1024;

export interface FileFacts {
  sha256: string;
  size: number;
  /** Go sources only: the file contains a //go:embed directive. */
  embeds?: boolean;
}

export const FILE_FACTS_SCHEMA = 'hplugin-file-facts/1';

async function readFacts(path: string, size: number): Promise<FileFacts> {
  const hash = createHash('sha256');
  const isGo = path.endsWith('.go');
  if (size <= STREAM_ABOVE) {
    const bytes = await readFile(path);
    hash.update(bytes);
    return { sha256: hash.digest('hex'), size: bytes.length, ...(isGo ? { embeds: bytes.includes('//go:embed') } : {}) };
  }
  let embeds = false;
  let tail: Buffer = Buffer.alloc(0);
  const read = await readFileInPieces(path, (piece) => {
    hash.update(piece);
    // The end of the previous piece goes first, so a directive split between two pieces is seen.
    if (isGo && !embeds) embeds = Buffer.concat([tail, piece.subarray(0, 16)]).includes('//go:embed') || piece.includes('//go:embed');
    // A copy: the piece's buffer is filled again with the next one.
    tail = Buffer.from(piece.subarray(Math.max(0, piece.length - 16)));
  });
  return { sha256: hash.digest('hex'), size: read, ...(isGo ? { embeds } : {}) };
}

/** File facts by absolute path: memoised in this process, trusted across processes while the stat holds. */
export class FileFactsReader {
  private readonly memo = new Map<string, Promise<FileFacts>>();
  /** How many files were actually read (for tests and --verbose). */
  reads = 0;

  constructor(readonly index: StatIndex<FileFacts> = StatIndex.inMemory({ schema: FILE_FACTS_SCHEMA })) {}

  of(path: string): Promise<FileFacts> {
    let facts = this.memo.get(path);
    if (!facts) {
      facts = this.compute(path);
      this.memo.set(path, facts);
    }
    return facts;
  }

  private async compute(path: string): Promise<FileFacts> {
    // The clock is read before the stat: a write after this moment gives the file a later stamp.
    const readAt = nowNs();
    const stamp = await fileStamp(path);
    // No stamp (the file vanished meanwhile): reading it fails the way it always did.
    if (!stamp) return readFacts(path, Number.POSITIVE_INFINITY);
    const known = this.index.lookup(path, stamp);
    if (known) return known;
    this.reads++;
    const facts = await readFacts(path, stamp.size);
    this.index.set(path, stamp, readAt, facts);
    return facts;
  }

  save(): Promise<void> {
    return this.index.save();
  }
}

export async function hashFiles(
  root: string,
  files: string[],
  reader: FileFactsReader = new FileFactsReader(),
): Promise<{ digest: string; entries: Record<string, string> }> {
  const entries: Record<string, string> = {};
  // Small source files: read them concurrently in modest batches, keep the order for the digest.
  const batch = 32;
  for (let i = 0; i < files.length; i += batch) {
    const slice = files.slice(i, i + batch);
    const facts = await Promise.all(slice.map((f) => reader.of(join(root, f))));
    slice.forEach((f, j) => (entries[f] = facts[j]!.sha256));
  }
  const total = createHash('sha256');
  for (const f of files) total.update(`${f}\0${entries[f]}\n`);
  return { digest: total.digest('hex'), entries };
}
