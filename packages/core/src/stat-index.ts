/**
 * A stat index, as git's index and turbo's file hasher keep one: per file, the stat it had
 * (size, mtime, ctime, inode, device, nanoseconds) when its content was last read, and what was
 * learned from that content (its sha256, …). A later run that finds the same stat reuses the facts
 * without reading the file; a file whose stat changed is read again. Any write to a file changes
 * its ctime (which no tool can set back), so an edit that keeps size and mtime is still seen.
 *
 * Racy entries: a file changed within the file system's timestamp granularity of the moment it was
 * read could keep the stat it had when read. Like git, an entry is only trusted when the file's
 * mtime and ctime are older than the read by a safe margin; a younger one is read again next time.
 * The margin follows the timestamps' own resolution: 2.5 s for whole seconds, 100 ms otherwise.
 *
 * The index is a cache: a missing, partial or unreadable file just means everything is read again.
 * It is written with temp + rename and without fsync (losing it costs one read of each file).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';

export interface FileStamp {
  size: number;
  /** Nanoseconds since the epoch, as decimal strings (bigint does not go through JSON). */
  mtimeNs: string;
  ctimeNs: string;
  ino: string;
  dev: string;
}

interface IndexEntry<F> {
  stamp: FileStamp;
  /** When the content behind `facts` was read (ns since the epoch, taken before the stat). */
  readAtNs: string;
  facts: F;
}

interface IndexFile<F> {
  schema: string;
  entries: Record<string, IndexEntry<F>>;
}

/**
 * How much older than its read a file must be for its entry to be trusted, on a file system whose
 * timestamps are whole seconds (FAT's 2 s, HFS+, ext4 with small inodes): their tick is 1-2 s.
 */
export const RACY_MARGIN_MS = 2500;
/**
 * The same where timestamps have a sub-second part (ext4, XFS, btrfs, tmpfs, APFS, NTFS): the kernel
 * sets them from its clock, whose coarse tick is 1-10 ms (HZ 1000 to 100), so 100 ms covers that
 * tick, the coarse clock's lag behind Date.now() and Date.now()'s own millisecond with room to spare.
 * A build right after another then trusts the files that one read, instead of reading and hashing
 * them again for 2.5 s (measured: a build after one that read a fresh 58 MiB embed, 240 → 185 ms).
 */
export const FINE_RACY_MARGIN_MS = 100;

const SECOND_NS = 1_000_000_000n;

/** Whole-second mtime or ctime: the file system's tick may be that coarse, so the long margin applies. */
function coarseStamp(stamp: FileStamp): boolean {
  return BigInt(stamp.mtimeNs) % SECOND_NS === 0n || BigInt(stamp.ctimeNs) % SECOND_NS === 0n;
}

/** The stamp of a regular file, or undefined when there is none (missing, a folder, unreadable). */
export async function fileStamp(path: string): Promise<FileStamp | undefined> {
  const st = await stat(path, { bigint: true }).catch(() => undefined);
  if (!st?.isFile()) return undefined;
  return {
    size: Number(st.size),
    mtimeNs: st.mtimeNs.toString(),
    ctimeNs: st.ctimeNs.toString(),
    ino: st.ino.toString(),
    dev: st.dev.toString(),
  };
}

export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs && a.ino === b.ino && a.dev === b.dev;
}

export function nowNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

export interface StatIndexOptions {
  /** Bump when the facts change shape: an index of another schema is ignored. */
  schema: string;
  /** Tests only: how much older than its read a file must be for its entry to be trusted. */
  racyMarginMs?: number;
}

export class StatIndex<F> {
  private readonly entries: Map<string, IndexEntry<F>>;
  /** Keys looked up or set in this process: a save keeps only these (deleted files drop out). */
  private readonly used = new Set<string>();
  private changed = false;

  private constructor(
    readonly path: string | undefined,
    private readonly options: StatIndexOptions,
    entries: Record<string, IndexEntry<F>>,
  ) {
    this.entries = new Map(Object.entries(entries));
  }

  /** The index stored at `path` (an empty one when there is none or it does not parse). */
  static async load<F>(path: string, options: StatIndexOptions): Promise<StatIndex<F>> {
    let entries: Record<string, IndexEntry<F>> = {};
    try {
      const parsed = JSON.parse(await readFile(path, 'utf8')) as IndexFile<F>;
      if (parsed.schema === options.schema && parsed.entries && typeof parsed.entries === 'object') entries = parsed.entries;
    } catch {
      // No index yet, or a torn one: start empty.
    }
    return new StatIndex<F>(path, options, entries);
  }

  /** An index that is never saved (no cache folder). */
  static inMemory<F>(options: StatIndexOptions): StatIndex<F> {
    return new StatIndex<F>(undefined, options, {});
  }

  /** The facts of `key` when the file still has the stamp they were read under, and that stamp is not racy. */
  lookup(key: string, stamp: FileStamp): F | undefined {
    if (this.recordedUnder(key, stamp) === undefined) return undefined;
    const entry = this.entries.get(key)!;
    const margin = BigInt(this.options.racyMarginMs ?? (coarseStamp(stamp) ? RACY_MARGIN_MS : FINE_RACY_MARGIN_MS)) * 1_000_000n;
    const readAt = BigInt(entry.readAtNs);
    if (BigInt(stamp.mtimeNs) >= readAt - margin || BigInt(stamp.ctimeNs) >= readAt - margin) return undefined;
    return entry.facts;
  }

  /**
   * The facts recorded under exactly this stamp, even when the stamp is too young to prove that the
   * file has not changed since (the racy rule of `lookup`). Only for a caller that checks the bytes
   * as it reads them anyway: a file changed within its timestamp tick then fails that check.
   */
  recordedUnder(key: string, stamp: FileStamp): F | undefined {
    this.used.add(key);
    const entry = this.entries.get(key);
    return entry && sameStamp(entry.stamp, stamp) ? entry.facts : undefined;
  }

  /** Record what the content read at `readAtNs` (taken before `stamp`) says. */
  set(key: string, stamp: FileStamp, readAtNs: bigint, facts: F): void {
    this.used.add(key);
    this.entries.set(key, { stamp, readAtNs: readAtNs.toString(), facts });
    this.changed = true;
  }

  /** Write the index when something changed (only the entries this process used). */
  async save(): Promise<void> {
    const dropped = [...this.entries.keys()].some((k) => !this.used.has(k));
    if (!this.path || (!this.changed && !dropped)) return;
    const entries = Object.fromEntries([...this.entries].filter(([k]) => this.used.has(k)));
    const body = JSON.stringify({ schema: this.options.schema, entries } satisfies IndexFile<F>);
    const tmp = join(dirname(this.path), `.${basename(this.path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await mkdir(dirname(this.path), { recursive: true });
      await writeFile(tmp, body);
      await rename(tmp, this.path);
      this.changed = false;
    } catch {
      // A cache that cannot be written only costs the next run its reads.
      await rm(tmp, { force: true }).catch(() => undefined);
    }
  }
}
