/**
 * Hostile template archives (issue 17): each is refused with its own error code, nothing is
 * extracted or rendered, and no temp folder is left behind. The archives are written by hand
 * (test/support/hostile-tar.ts) because a well-behaved archiver will not make them.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tarBytes, tarGz, zeroBombTarGz, type TarEntry } from '../../../test/support/hostile-tar.js';
import { createPlugin } from './create.js';
import { tempDir, removeTempDirs } from './__fixtures__/helpers.js';

afterAll(removeTempDirs);

const MANIFEST = 'id: evil\ndescription: a hostile template\nparameters:\n  - name: name\n    prompt: Name\n';
const manifestEntry: TarEntry = { name: 'template.yaml', content: MANIFEST };

async function templateFolders(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((n) => n.startsWith('hplugin-template-'));
}

/** Run `hplugin new` on the archive; return the error, and check that nothing was left anywhere. */
async function refusal(archive: Buffer): Promise<{ code: string; message: string }> {
  const work = await tempDir();
  const file = join(work, 'template.tar.gz');
  await writeFile(file, archive);
  const before = await templateFolders();
  let error: { code: string; message: string } | undefined;
  try {
    await createPlugin({ template: file, cwd: work, set: { name: 'victim' }, interactive: false, tidy: false });
  } catch (err) {
    error = err as { code: string; message: string };
  }
  expect(error, 'the archive was accepted').toBeDefined();
  expect(existsSync(join(work, 'victim'))).toBe(false);
  expect(await templateFolders()).toEqual(before);
  return error!;
}

describe('hostile template archives', () => {
  it('a 2 MB archive of 200 000 empty entries stops at the entry limit (SCAFFOLD_ARCHIVE_TOO_LARGE)', async () => {
    const entries: TarEntry[] = [manifestEntry, ...Array.from({ length: 200_000 }, (_, i) => ({ name: `f${i}` }))];
    const archive = tarGz(entries);
    expect(archive.length).toBeLessThan(3 * 1024 * 1024);
    const err = await refusal(archive);
    expect(err.code).toBe('SCAFFOLD_ARCHIVE_TOO_LARGE');
    expect(err.message).toMatch(/more than 10000 entries/);
  });

  it('an entry that declares 150 MiB is refused at its header, before it is inflated (SCAFFOLD_ARCHIVE_TOO_LARGE)', async () => {
    const err = await refusal(await zeroBombTarGz('big.bin', 150 * 1024 * 1024));
    expect(err.code).toBe('SCAFFOLD_ARCHIVE_TOO_LARGE');
  });

  it('a character device entry is refused (SCAFFOLD_ARCHIVE_UNSAFE)', async () => {
    const err = await refusal(tarGz([manifestEntry, { name: 'tty', type: 'chardev' }]));
    expect(err.code).toBe('SCAFFOLD_ARCHIVE_UNSAFE');
  });

  it.each<[string, TarEntry[]]>([
    ['a symlink to itself', [manifestEntry, { name: 'a', type: 'symlink', linkTarget: 'a' }]],
    ['a symlink to its own folder', [manifestEntry, { name: 'loop', type: 'symlink', linkTarget: '.' }]],
    ['a dangling symlink', [manifestEntry, { name: 'x', type: 'symlink', linkTarget: 'nothere' }]],
    ['a hard link to a missing entry', [manifestEntry, { name: 'h', type: 'hardlink', linkTarget: 'nothere' }]],
    [
      'template.yaml as a folder',
      [
        { name: 'template.yaml', type: 'directory' },
        { name: 'template.yaml/x', content: 'x' },
      ],
    ],
    [
      'template.yaml as an alias bomb',
      [
        {
          name: 'template.yaml',
          content: `a: &a ["x","x","x","x","x","x","x","x","x"]\n${Array.from(
            { length: 9 },
            (_, i) =>
              `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
                .fill(`*${String.fromCharCode(97 + i)}`)
                .join(',')}]`,
          ).join('\n')}\nid: evil\ndescription: x\nparameters: []\n`,
        },
      ],
    ],
    [
      'template.yaml that is not UTF-8 text',
      [{ name: 'template.yaml', content: Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x1b, 0x5b, 0x32, 0x4a]) }],
    ],
    ['a file inside a file', [manifestEntry, { name: 'template.yaml/x', content: 'x' }]],
  ])('%s is refused with a code of its own, not INTERNAL', async (_name, entries) => {
    const err = await refusal(tarGz(entries));
    expect(err.code).toMatch(/^SCAFFOLD_/);
  });

  it('a truncated archive is SCAFFOLD_ARCHIVE_INVALID', async () => {
    const whole = gzipSync(tarBytes([manifestEntry, { name: 'README.md', content: 'x'.repeat(5000) }]));
    const err = await refusal(whole.subarray(0, Math.floor(whole.length / 2)));
    expect(err.code).toBe('SCAFFOLD_ARCHIVE_INVALID');
  });
});
