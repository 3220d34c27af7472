/**
 * Crash-safe file writes. A file is written next to its target and renamed into place, so a
 * reader sees either the old bytes or the new ones, never half. write-file-atomic does this
 * (and fsyncs) for whole buffers; `atomicWriteStream` does the same for large streamed content.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { tempPathFor } from './temp-path.js';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';

// Loaded on the first fsynced write, not with core: every command imports core, and most print
// before they write.
const importWriteFileAtomic = () => import('write-file-atomic');
let writeFileAtomicLib: ReturnType<typeof importWriteFileAtomic> | undefined;
const loadWriteFileAtomic = () => (writeFileAtomicLib ??= importWriteFileAtomic());

/**
 * Start loading what fsynced writes need, where a command has CPU to spare before its first one
 * (package calls it while go compiles): loaded at the first write, it held up a cold publish's
 * first layout write by 5-13 ms.
 */
export function preloadAtomicWrites(): void {
  loadWriteFileAtomic().catch(() => undefined);
}

/**
 * `fsync: false` for caches whose every read is verified against a digest: a write torn by a crash
 * reads as a miss there, so the fsync (7-28 ms for a 6 MB module on this kind of disk) buys nothing.
 * Those writes are a plain temp file and a rename: write-file-atomic's extra care (a queue per path,
 * ownership, exit handlers) took 8-12 ms for a 6 MB module where writeFile and rename take 2-3 ms.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: { mode?: number; fsync?: boolean } = {},
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  if (options.fsync === false) {
    const tmp = tempPathFor(path);
    try {
      await writeFile(tmp, data, { mode: options.mode ?? 0o644 });
      await rename(tmp, path);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    return;
  }
  const { default: writeFileAtomicLib } = await loadWriteFileAtomic();
  await writeFileAtomicLib(path, data as string | Buffer, { mode: options.mode ?? 0o644, fsync: options.fsync ?? true });
}

/** Stream into a temp file, then rename. On any failure the temp file is removed. */
export async function atomicWriteStream(
  path: string,
  source: Readable | AsyncIterable<Uint8Array>,
  options: { mode?: number } = {},
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  const out = createWriteStream(tmp, { mode: options.mode ?? 0o644 });
  try {
    await pipeline(source, out);
    await rename(tmp, path);
  } catch (err) {
    // A source that fails at once (a blob larger than declared) can fail before the file is even
    // open: removing it now would race the open, and leave a temp file behind. Wait for the close.
    if (!out.closed) await once(out, 'close').catch(() => undefined);
    await rm(tmp, { force: true });
    throw err;
  }
}
