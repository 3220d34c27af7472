/**
 * Third-party templates as .tar.gz files. An archive is untrusted input: every entry is checked
 * BEFORE anything is extracted, and the archive is refused whole (never "extracted minus the bad
 * parts") when an entry is absolute, climbs out with "..", is a link that points outside the
 * template, or is a device or FIFO. node-tar then extracts into a fresh temp folder with its own
 * protections on as a second line of defence.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, open, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar';
import { HpluginError, UsageError, isHpluginError } from '@hplugin/core';
import { MANIFEST_FILE } from './manifest.js';

const SAFE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory', 'SymbolicLink', 'Link']);
// A template is a handful of small text files; these bounds stop a decompression bomb early.
const MAX_ENTRIES = 10_000;
const MAX_TOTAL_BYTES = 100 * 1024 * 1024;

interface EntryInfo {
  path: string;
  type: string;
  linkpath: string | undefined;
  size: number;
}

function isAbsoluteLike(p: string): boolean {
  return p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:/.test(p);
}

function climbsOut(p: string): boolean {
  return p.replace(/\\/g, '/').split('/').includes('..');
}

/** Why an entry is unsafe, or undefined when it is fine. */
export function entryProblem(entry: EntryInfo): string | undefined {
  if (!SAFE_TYPES.has(entry.type)) return `is a ${entry.type}`;
  if (isAbsoluteLike(entry.path)) return 'has an absolute path';
  if (climbsOut(entry.path)) return 'climbs out of the archive with ".."';
  if (entry.type === 'SymbolicLink' || entry.type === 'Link') {
    const link = entry.linkpath ?? '';
    if (isAbsoluteLike(link)) return `links to the absolute path ${link}`;
    // A symlink is relative to its own folder; a hard link is relative to the archive root.
    const base = entry.type === 'SymbolicLink' ? posix.dirname(entry.path) : '.';
    const resolved = posix.normalize(posix.join(base, link.replace(/\\/g, '/')));
    if (resolved === '..' || resolved.startsWith('../')) return `links outside the template (${link})`;
  }
  return undefined;
}

function tooLarge(file: string, why: string): HpluginError {
  return new UsageError('SCAFFOLD_ARCHIVE_TOO_LARGE', `Refused the template archive ${file}: ${why}, too large for a template.`, {
    hint: `Nothing was extracted. A template holds at most ${MAX_ENTRIES} entries and ${MAX_TOTAL_BYTES / 1024 / 1024} MiB unpacked.`,
    details: { file },
  });
}

/** Counts the bytes gunzip produces and fails as soon as they pass `limit`. */
function byteLimit(limit: number, fail: () => Error): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      done(seen > limit ? fail() : null, chunk);
    },
  });
}

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * Every entry's header, read as a stream with the limits applied while reading: the entry count and
 * declared sizes as each header arrives, the unpacked bytes as gunzip produces them. A 2 MB archive
 * of millions of empty entries, or one that inflates to gigabytes, stops at the limit instead of
 * being listed whole first.
 */
async function listEntries(file: string): Promise<EntryInfo[]> {
  const entries: EntryInfo[] = [];
  let declared = 0;
  const parser = new tar.Parser({
    strict: true,
    onReadEntry: (e) => {
      declared += e.size ?? 0;
      if (entries.length >= MAX_ENTRIES) return void parser.abort(tooLarge(file, `more than ${MAX_ENTRIES} entries`));
      if (declared > MAX_TOTAL_BYTES) return void parser.abort(tooLarge(file, `more than ${MAX_TOTAL_BYTES} bytes of files`));
      entries.push({ path: e.path, type: e.type, linkpath: e.linkpath, size: e.size ?? 0 });
      e.resume();
    },
  });
  // Headers are 512 bytes each (pax headers more): the unpacked stream may be a little larger than the files.
  const unpackedLimit = MAX_TOTAL_BYTES + MAX_ENTRIES * 2048;
  const stages = (await isGzip(file))
    ? [createGunzip(), byteLimit(unpackedLimit, () => tooLarge(file, `more than ${unpackedLimit} bytes unpacked`))]
    : [];
  await new Promise<void>((resolve, reject) => {
    parser.on('abort', reject);
    parser.on('error', reject);
    parser.on('end', resolve);
    pipeline([createReadStream(file), ...stages, parser]).catch(reject);
  });
  return entries;
}

function unreadable(file: string, cause: unknown): HpluginError {
  return new UsageError('SCAFFOLD_ARCHIVE_INVALID', `${file} is not a readable .tar.gz archive: ${(cause as Error).message}.`, {
    hint: 'Create it with `tar czf template.tar.gz -C <template-folder> .` and try again.',
    cause,
    details: { file },
  });
}

/** Check every entry, then extract into a new temp folder. Returns that folder. */
export async function extractArchive(file: string): Promise<string> {
  let entries: EntryInfo[];
  try {
    entries = await listEntries(file);
  } catch (err) {
    if (isHpluginError(err)) throw err;
    throw unreadable(file, err);
  }
  const bad = entries.flatMap((e) => {
    const problem = entryProblem(e);
    return problem ? [`${e.path} ${problem}`] : [];
  });
  if (bad.length > 0) {
    throw new UsageError(
      'SCAFFOLD_ARCHIVE_UNSAFE',
      `Refused the template archive ${file}: ${bad.slice(0, 5).join('; ')}${bad.length > 5 ? ` (and ${bad.length - 5} more)` : ''}.`,
      {
        hint: 'Nothing was extracted. Only use templates you trust; a template archive holds plain files with relative paths.',
        details: { file, entries: bad },
      },
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'hplugin-template-'));
  try {
    await tar.x({ file, cwd: dir, strict: true, preserveOwner: false, preservePaths: false });
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw unreadable(file, err);
  }
  return dir;
}

/** The template root inside an extracted archive: its top level, or its single top folder. */
export async function findTemplateRoot(dir: string, file: string): Promise<string> {
  if (
    await stat(join(dir, MANIFEST_FILE)).then(
      () => true,
      () => false,
    )
  )
    return dir;
  const top = (await readdir(dir, { withFileTypes: true })).filter((d) => !d.name.startsWith('.'));
  const only = top.length === 1 && top[0]!.isDirectory() ? join(dir, top[0]!.name) : undefined;
  if (
    only &&
    (await stat(join(only, MANIFEST_FILE)).then(
      () => true,
      () => false,
    ))
  )
    return only;
  throw new UsageError(
    'SCAFFOLD_TEMPLATE_INVALID',
    `The archive ${file} holds no ${MANIFEST_FILE} at its top level or in a single top folder.`,
    {
      hint: 'Pack the template folder itself: `tar czf template.tar.gz -C <template-folder> .`',
      details: { file },
    },
  );
}
