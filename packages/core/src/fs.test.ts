import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from './fs.js';

describe('writeFileAtomic', () => {
  it.each([true, false])('writes and replaces the whole file, creating its folder (fsync %s)', async (fsync) => {
    const dir = await mkdtemp(join(tmpdir(), 'hplugin-fs-'));
    const path = join(dir, 'a', 'b', 'file.bin');
    await writeFileAtomic(path, 'first', { fsync });
    await writeFileAtomic(path, Buffer.from('second'), { fsync, mode: 0o600 });
    expect(await readFile(path, 'utf8')).toBe('second');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    // Nothing else in the folder: the temp file became the file.
    expect(await readdir(join(dir, 'a', 'b'))).toEqual(['file.bin']);
  });

  it('without fsync, a failed rename leaves the old file and no temp file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hplugin-fs-'));
    // A folder where the file should go: rename(2) refuses to replace a non-empty folder with a file.
    const path = join(dir, 'taken');
    await mkdir(path);
    await writeFile(join(path, 'inside'), 'x');
    await expect(writeFileAtomic(path, 'new', { fsync: false })).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['taken']);
  });
});
