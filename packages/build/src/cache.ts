/**
 * The build cache: content-addressed blobs plus one small entry per inputs hash.
 *   <cacheDir>/build/v1/blobs/sha256/<digest>     the module bytes
 *   <cacheDir>/build/v1/entries/<inputsHash>.json  { wasmDigest, size, command, toolchain, ... }
 * Every write is atomic (temp + rename). Every read is verified (the blob must hash to the digest
 * the entry names, with the right size); a corrupt entry is reported and dropped, never served.
 */
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@hplugin/core';
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
  | { status: 'hit'; entry: CacheEntry; bytes: Uint8Array }
  | { status: 'miss' }
  | { status: 'corrupt'; reason: string };

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

  async lookup(inputsHash: string): Promise<CacheLookup> {
    let text: string;
    try {
      text = await readFile(this.entryPath(inputsHash), 'utf8');
    } catch {
      return { status: 'miss' };
    }
    const entry = await this.readEntry(inputsHash);
    if (!entry) return { status: 'corrupt', reason: `its entry is not valid JSON with a sha256 digest (${text.length} bytes)` };
    let bytes: Uint8Array;
    try {
      bytes = await readFile(this.blobPath(entry.wasmDigest));
    } catch {
      return { status: 'corrupt', reason: `the module blob sha256:${entry.wasmDigest.slice(0, 12)} is missing` };
    }
    if (bytes.byteLength !== entry.size) return { status: 'corrupt', reason: `the module is ${bytes.byteLength} bytes, the entry says ${entry.size} (truncated?)` };
    const actual = sha256Hex(bytes);
    if (actual !== entry.wasmDigest) return { status: 'corrupt', reason: `the module hashes to sha256:${actual.slice(0, 12)}, not sha256:${entry.wasmDigest.slice(0, 12)}` };
    return { status: 'hit', entry, bytes };
  }

  /** Blob first, entry second: a crash in between leaves an unreferenced blob, never a dangling entry. */
  async store(inputsHash: string, bytes: Uint8Array, meta: Omit<CacheEntry, 'wasmDigest' | 'size' | 'createdAt'>): Promise<CacheEntry> {
    const entry: CacheEntry = { wasmDigest: sha256Hex(bytes), size: bytes.byteLength, ...meta, createdAt: new Date().toISOString() };
    await writeFileAtomic(this.blobPath(entry.wasmDigest), bytes);
    await writeFileAtomic(this.entryPath(inputsHash), JSON.stringify(entry, null, 2) + '\n');
    return entry;
  }

  async evict(inputsHash: string, entry?: CacheEntry): Promise<void> {
    await rm(this.entryPath(inputsHash), { force: true });
    if (entry) await rm(this.blobPath(entry.wasmDigest), { force: true });
  }
}
