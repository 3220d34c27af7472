/**
 * The build cache: content-addressed blobs plus one small entry per inputs hash.
 *   <cacheDir>/build/v1/blobs/sha256/<digest>     the module bytes
 *   <cacheDir>/build/v1/entries/<inputsHash>.json  { wasmDigest, size, command, toolchain, ... }
 * Every write is atomic (temp + rename). Every read is verified (the blob must hash to the digest
 * the entry names, with the right size); a corrupt entry is reported and dropped, never served.
 */
import { createHash } from 'node:crypto';
import { open, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256File, writeFileAtomic } from '@hplugin/core';
import type { WasmFacts } from './check/wasm-check.js';
import type { ToolchainInfo } from './options.js';

export interface CacheEntry {
  wasmDigest: string;
  size: number;
  command: string[];
  toolchain: ToolchainInfo;
  optimized?: { before: number; after: number };
  /** What the engine read from the module when it was stored (absent in older entries). */
  facts?: WasmFacts;
  createdAt: string;
}

export type CacheLookup =
  // No bytes: a hit is verified and copied by streaming, so a 256 MiB module never sits in memory.
  { status: 'hit'; entry: CacheEntry; blobPath: string; header: Uint8Array } | { status: 'miss' } | { status: 'corrupt'; reason: string };

/** sha256 (hex) and size of a file, read through one buffer. */
export async function fileDigest(path: string): Promise<{ digest: string; size: number }> {
  const { sha256, size } = await sha256File(path);
  return { digest: sha256, size };
}

async function readHead(path: string, length: number): Promise<Uint8Array> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await file.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class BuildCache {
  constructor(readonly cacheDir: string) {}

  private get root(): string {
    return join(this.cacheDir, 'build', 'v1');
  }

  entryPath(inputsHash: string): string {
    return join(this.root, 'entries', `${inputsHash}.json`);
  }

  blobPath(digest: string): string {
    return join(this.root, 'blobs', 'sha256', digest);
  }

  /** The entry alone, without reading the blob: enough for a staleness check. */
  async readEntry(inputsHash: string): Promise<CacheEntry | undefined> {
    let text: string;
    try {
      text = await readFile(this.entryPath(inputsHash), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const entry = JSON.parse(text) as CacheEntry;
      return typeof entry.wasmDigest === 'string' && /^[0-9a-f]{64}$/.test(entry.wasmDigest) ? entry : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * `digestOf` defaults to reading the blob; the build passes its stat index, which reads it again
   * only when its stat changed since it was last verified (any write changes the stat).
   */
  async lookup(
    inputsHash: string,
    digestOf: (path: string) => Promise<{ digest: string; size: number }> = fileDigest,
  ): Promise<CacheLookup> {
    let text: string;
    try {
      text = await readFile(this.entryPath(inputsHash), 'utf8');
    } catch {
      return { status: 'miss' };
    }
    const entry = await this.readEntry(inputsHash);
    if (!entry) return { status: 'corrupt', reason: `its entry is not valid JSON with a sha256 digest (${text.length} bytes)` };
    const blobPath = this.blobPath(entry.wasmDigest);
    const size = await stat(blobPath).then(
      (s) => s.size,
      () => undefined,
    );
    if (size === undefined) return { status: 'corrupt', reason: `the module blob sha256:${entry.wasmDigest.slice(0, 12)} is missing` };
    if (size !== entry.size) return { status: 'corrupt', reason: `the module is ${size} bytes, the entry says ${entry.size} (truncated?)` };
    const actual = (await digestOf(blobPath)).digest;
    if (actual !== entry.wasmDigest)
      return {
        status: 'corrupt',
        reason: `the module hashes to sha256:${actual.slice(0, 12)}, not sha256:${entry.wasmDigest.slice(0, 12)}`,
      };
    return { status: 'hit', entry, blobPath, header: await readHead(blobPath, 64) };
  }

  /** Blob first, entry second: a crash in between leaves an unreferenced blob, never a dangling entry. */
  async store(inputsHash: string, bytes: Uint8Array, meta: Omit<CacheEntry, 'wasmDigest' | 'size' | 'createdAt'>): Promise<CacheEntry> {
    const entry: CacheEntry = { wasmDigest: sha256Hex(bytes), size: bytes.byteLength, ...meta, createdAt: new Date().toISOString() };
    // No fsync: every read verifies the blob against the entry's digest and size, so a write torn
    // by a crash is a miss (and a rebuild), never a wrong module.
    await writeFileAtomic(this.blobPath(entry.wasmDigest), bytes, { fsync: false });
    await writeFileAtomic(this.entryPath(inputsHash), JSON.stringify(entry, null, 2) + '\n', { fsync: false });
    return entry;
  }

  async evict(inputsHash: string, entry?: CacheEntry): Promise<void> {
    await rm(this.entryPath(inputsHash), { force: true });
    if (entry) await rm(this.blobPath(entry.wasmDigest), { force: true });
  }
}
