import { readFile, rename, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { fileStamp, StatIndex } from '@hplugin/core';
import { tempDir } from '../__fixtures__/fixtures.js';
import { FILE_FACTS_SCHEMA, FileFactsReader, hashFiles, type FileFacts } from './hash-files.js';

/**
 * Each "run" is a new reader over the index saved by the previous one, as in a new process. The
 * racy margin is 0 here (the files are made a moment before) and a short pause separates a write
 * from the next run, so "not read again" is exact; the racy rule itself is tested on its own below.
 */
async function run(indexPath: string, root: string, files: string[]) {
  const reader = new FileFactsReader(await StatIndex.load<FileFacts>(indexPath, { schema: FILE_FACTS_SCHEMA, racyMarginMs: 0 }));
  const hashed = await hashFiles(root, files, reader);
  await reader.save();
  return { digest: hashed.digest, reads: reader.reads };
}

async function plugin() {
  const root = await tempDir();
  await writeFile(join(root, 'main.go'), 'package main\n\nfunc main() { println("a") }\n');
  await writeFile(join(root, 'go.mod'), 'module m\n');
  // A whole second in the past: utimes can put exactly this mtime back (it cannot carry nanoseconds).
  const past = new Date(Math.floor(Date.now() / 1000) * 1000 - 10_000);
  for (const f of ['main.go', 'go.mod']) await utimes(join(root, f), past, past);
  await sleep(30);
  return { root, index: join(root, '..', `${root.split('/').pop()}-index.json`), files: ['go.mod', 'main.go'] };
}

async function fresh(root: string, files: string[]) {
  return (await hashFiles(root, files)).digest;
}

describe('hashFiles with the stat index', () => {
  it('reads nothing again when no stat changed, and gives the same digest', async () => {
    const p = await plugin();
    const first = await run(p.index, p.root, p.files);
    expect(first.reads).toBe(2);
    const second = await run(p.index, p.root, p.files);
    expect(second).toEqual({ digest: first.digest, reads: 0 });
  });

  it('touch without a change: the file is read again (its stat changed), the digest stays', async () => {
    const p = await plugin();
    const first = await run(p.index, p.root, p.files);
    // A new mtime, still in the past (a future one would be racy, and rightly read every time).
    const later = new Date(Date.now() - 5_000);
    await utimes(join(p.root, 'main.go'), later, later);
    await sleep(30);
    const touched = await run(p.index, p.root, p.files);
    expect(touched).toEqual({ digest: first.digest, reads: 1 });
    // The new stat is remembered: the run after reads nothing.
    expect((await run(p.index, p.root, p.files)).reads).toBe(0);
  });

  it('a content change of the same size with the mtime put back is still seen (ctime changes)', async () => {
    const p = await plugin();
    const file = join(p.root, 'main.go');
    const first = await run(p.index, p.root, p.files);
    const before = await stat(file);
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('"a"', '"b"'));
    await utimes(file, before.atime, before.mtime);
    expect((await stat(file)).size).toBe(before.size);
    expect((await fileStamp(file))!.mtimeNs).toBe(String(BigInt(before.mtimeMs) * 1_000_000n));
    await sleep(30);
    const changed = await run(p.index, p.root, p.files);
    expect(changed.reads).toBe(1);
    expect(changed.digest).not.toBe(first.digest);
    expect(changed.digest).toBe(await fresh(p.root, p.files));
  });

  it('a file replaced by another with the same size and mtime (a new inode) is read again', async () => {
    const p = await plugin();
    const file = join(p.root, 'main.go');
    const first = await run(p.index, p.root, p.files);
    const before = await stat(file);
    const text = await readFile(file, 'utf8');
    await writeFile(join(p.root, 'main.go.new'), text.replace('"a"', '"c"'));
    await utimes(join(p.root, 'main.go.new'), before.atime, before.mtime);
    await rename(join(p.root, 'main.go.new'), file);
    await sleep(30);
    const changed = await run(p.index, p.root, p.files);
    expect(changed.digest).not.toBe(first.digest);
    expect(changed.digest).toBe(await fresh(p.root, p.files));
  });

  it('a torn or foreign index is ignored: everything is read, the digest is right', async () => {
    const p = await plugin();
    await writeFile(p.index, '{"schema": "hplugin-file-facts/1", "entr');
    const torn = await run(p.index, p.root, p.files);
    expect(torn).toEqual({ digest: await fresh(p.root, p.files), reads: 2 });
    await writeFile(p.index, JSON.stringify({ schema: 'other/9', entries: {} }));
    expect((await run(p.index, p.root, p.files)).reads).toBe(2);
  });

  it('remembers whether a Go file uses //go:embed, even split across two 1 MiB pieces', async () => {
    const root = await tempDir();
    // The directive starts 5 bytes before the 1 MiB boundary; the file is big enough to be streamed.
    const head = 'package main\n';
    const directive = '//go:embed x\n';
    await writeFile(join(root, 'big.go'), head + ' '.repeat(1024 * 1024 - 5 - head.length) + directive + '\n'.repeat(5 * 1024 * 1024));
    await writeFile(join(root, 'plain.go'), 'package main\n');
    const reader = new FileFactsReader();
    expect((await reader.of(join(root, 'big.go'))).embeds).toBe(true);
    expect((await reader.of(join(root, 'plain.go'))).embeds).toBe(false);
  });
});

describe('StatIndex racy entries', () => {
  /** A file just written, and an index entry for it read at the file's own mtime: racy. */
  async function racyEntry() {
    const root = await tempDir();
    const file = join(root, 'f');
    await writeFile(file, 'x');
    const stamp = (await fileStamp(file))!;
    const index = StatIndex.inMemory<string>({ schema: 's' });
    // Read at the file's own mtime: a change in the same tick could keep this stamp.
    index.set(file, stamp, BigInt(stamp.mtimeNs), 'facts');
    return { root, file, stamp, index };
  }

  it('does not trust an entry whose file is not older than its read by the margin', async () => {
    const { file, stamp, index } = await racyEntry();
    expect(index.lookup(file, stamp)).toBeUndefined();
    // Read well after the file was last written: the stamp is trustworthy.
    index.set(file, stamp, BigInt(stamp.ctimeNs) + 3_000_000_000n, 'facts');
    expect(index.lookup(file, stamp)).toBe('facts');
    expect(index.lookup(file, { ...stamp, size: stamp.size + 1 })).toBeUndefined();
  });

  it('recordedUnder gives the facts of the same stamp even while it is racy, and nothing for another stamp', async () => {
    const { root, file, stamp, index } = await racyEntry();
    expect(index.lookup(file, stamp)).toBeUndefined();
    expect(index.recordedUnder(file, stamp)).toBe('facts');
    expect(index.recordedUnder(file, { ...stamp, ctimeNs: String(BigInt(stamp.ctimeNs) + 1n) })).toBeUndefined();
    expect(index.recordedUnder(join(root, 'other'), stamp)).toBeUndefined();
  });
});
