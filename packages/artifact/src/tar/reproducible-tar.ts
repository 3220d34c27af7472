/**
 * A tar.gz whose bytes depend only on the files' names and contents and on one timestamp.
 *
 * node-tar builds the archive, but we give it the headers ourselves (a `ReadEntry` per file) instead
 * of letting it stat the disk: `portable` mode still copies the file's permission bits (a file
 * written under umask 077 would archive as 0600), its uid/gid fields would be blank rather than 0,
 * and the owner's name would leak without it. Every entry gets mode 0644, uid/gid 0, no user or
 * group names, the given mtime, and no pax header (so no atime/ctime either).
 *
 * gzip: no file name, mtime 0, a fixed level, and the OS byte 255 ("unknown") so the same input
 * gives the same bytes on Linux, macOS and Windows; compressed in fixed 1 MiB blocks on every core
 * (parallel-gzip.ts).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pack } from 'tar';
import { HpluginError } from '@hplugin/core';
import { DigestStream } from '../digest-stream.js';
import { nodeWritable } from './minipass-sink.js';
import { loadTar } from './node-tar.js';
import { ParallelGzip } from './parallel-gzip.js';

/** zlib's default (what `tar czf` uses). On a 6 MB Go module level 9 takes 3.5× as long for 1.3% fewer bytes. */
export const GZIP_LEVEL = 6;
export const ENTRY_MODE = 0o644;
/**
 * Bigger reads than Node's default 64 KiB: each piece is a trip through the stream chain, and with
 * the defaults those trips cost a third of the gzip itself (6 MB SDK module). The compressed bytes
 * do not depend on how the input is cut.
 */
const READ_CHUNK = 1024 * 1024;

export interface TarEntrySource {
  /** The name inside the archive. */
  name: string;
  /** The file on disk whose bytes become the entry. */
  path: string;
}

export interface TarGzOptions {
  mtimeSeconds: number;
  level?: number;
}

export interface ReproducibleTarGz {
  /** The compressed archive. */
  stream: Readable;
  /** Digest and size of each source file as archived, known once `stream` has ended. */
  entries: Promise<Array<{ name: string; digest: string; size: number }>>;
}

export function createReproducibleTarGz(sources: TarEntrySource[], options: TarGzOptions): ReproducibleTarGz {
  const sorted = [...sources].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const output = new PassThrough();
  const entries = loadTar().then((tar) => {
    const pack = new tar.Pack({ noPax: true });
    // Readable.from: a Node stream over the Pack (a Minipass stream, whose types are not Node's).
    pipeline(Readable.from(pack), new ParallelGzip(options.level ?? GZIP_LEVEL), output).catch((err: unknown) =>
      output.destroy(err as Error),
    );
    return feed(tar, pack, sorted, new Date(options.mtimeSeconds * 1000));
  });
  // An input failure must reach whoever reads the archive, not just the `entries` promise.
  entries.catch((err: unknown) => output.destroy(err as Error));
  return { stream: output, entries };
}

async function feed(
  tar: typeof import('tar'),
  pack: Pack,
  sources: TarEntrySource[],
  mtime: Date,
): Promise<Array<{ name: string; digest: string; size: number }>> {
  const results: Array<{ name: string; digest: string; size: number }> = [];
  const sized = await Promise.all(sources.map(async (s) => ({ ...s, size: (await stat(s.path)).size })));
  const readEntries = sized.map((s) => {
    const header = new tar.Header({
      path: s.name,
      mode: ENTRY_MODE,
      uid: 0,
      gid: 0,
      uname: '',
      gname: '',
      size: s.size,
      mtime,
      type: 'File',
    });
    return new tar.ReadEntry(header);
  });
  for (const entry of readEntries) pack.add(entry);
  pack.end();
  for (const [i, source] of sized.entries()) {
    const tap = new DigestStream();
    await pipeline(createReadStream(source.path, { highWaterMark: READ_CHUNK }), tap, nodeWritable(readEntries[i]!));
    const { digest, size } = tap.result();
    if (size !== source.size) {
      throw new HpluginError(
        'ARTIFACT_INPUT_CHANGED',
        `${source.path} changed size while it was being archived (${source.size} → ${size} bytes).`,
        {
          hint: 'Wait for the build to finish writing the module, then package again.',
        },
      );
    }
    results.push({ name: source.name, digest, size });
  }
  return results;
}
