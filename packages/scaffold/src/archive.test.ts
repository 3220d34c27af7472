import { afterAll, describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entryProblem } from './archive.js';
import { loadTemplate } from './load.js';
import { packArchive, SMALL_FILES, tempDir, writeTemplate, removeTempDirs } from './__fixtures__/helpers.js';

afterAll(removeTempDirs);

async function hpluginTempFolders(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((n) => n.startsWith('hplugin-template-'));
}

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    return err as { code: string; message: string };
  }
  throw new Error('expected a rejection');
}

describe('entryProblem', () => {
  it.each([
    [{ path: 'a/b.txt', type: 'File' }, undefined],
    [{ path: 'a/link', type: 'SymbolicLink', linkpath: '../b.txt' }, undefined],
    [{ path: '../evil', type: 'File' }, /climbs out/],
    [{ path: 'a/../../evil', type: 'File' }, /climbs out/],
    [{ path: '/etc/cron.d/x', type: 'File' }, /absolute/],
    [{ path: 'C:/x', type: 'File' }, /absolute/],
    [{ path: 'link', type: 'SymbolicLink', linkpath: '/etc/passwd' }, /absolute/],
    [{ path: 'a/link', type: 'SymbolicLink', linkpath: '../../x' }, /outside/],
    [{ path: 'hard', type: 'Link', linkpath: '../x' }, /outside/],
    [{ path: 'dev', type: 'CharacterDevice' }, /CharacterDevice/],
  ])('%j', (entry, problem) => {
    const found = entryProblem({ linkpath: undefined, size: 0, ...entry });
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });
});

describe('template archives', () => {
  it('loads a template from a .tar.gz, top level or inside one folder, and dispose removes the extraction', async () => {
    const work = await tempDir();
    await writeTemplate(join(work, 'small'), SMALL_FILES);
    for (const [file, entries, cwd] of [
      ['flat.tar.gz', ['.'], join(work, 'small')],
      ['nested.tgz', ['small'], work],
    ] as const) {
      const archive = await packArchive(join(work, file), cwd, [...entries]);
      const template = await loadTemplate(archive);
      expect(template.source).toBe('archive');
      expect(template.id).toBe('small');
      expect(existsSync(join(template.dir, 'src', '{{name}}.txt'))).toBe(true);
      await template.dispose();
      expect(existsSync(template.dir)).toBe(false);
    }
  });

  it('refuses an archive with ../, absolute and escaping symlink entries, and extracts nothing', async () => {
    const work = await tempDir();
    const inner = await writeTemplate(join(work, 'pkg', 'inner'), SMALL_FILES);
    await writeFile(join(work, 'pkg', 'outside.txt'), 'pwned');
    const absolute = join(work, 'absolute.txt');
    await writeFile(absolute, 'pwned');
    await symlink('/etc/passwd', join(inner, 'passwd-link'));
    await symlink('../../../outside', join(inner, 'up-link'));
    const before = await hpluginTempFolders();

    for (const [name, entries, named] of [
      ['dotdot', ['template.yaml', 'README.md', '../outside.txt'], ['../outside.txt climbs out']],
      ['absolute', ['template.yaml', 'README.md', absolute], ['has an absolute path']],
      [
        'symlinks',
        ['template.yaml', 'README.md', 'passwd-link', 'up-link'],
        ['passwd-link links to the absolute path /etc/passwd', 'up-link links outside the template'],
      ],
    ] as const) {
      const archive = await packArchive(join(work, `${name}.tar.gz`), inner, [...entries]);
      const err = await codeOf(loadTemplate(archive));
      expect(err.code, name).toBe('SCAFFOLD_ARCHIVE_UNSAFE');
      for (const text of named) expect(err.message).toContain(text);
      expect(err.message).not.toContain('README.md');
    }
    expect(await hpluginTempFolders()).toEqual(before);
    expect(existsSync(join(tmpdir(), 'outside.txt'))).toBe(false);
  });

  it('reports a corrupt archive and an archive without template.yaml', async () => {
    const work = await tempDir();
    await writeFile(join(work, 'junk.tar.gz'), 'not gzip at all');
    expect((await codeOf(loadTemplate(join(work, 'junk.tar.gz')))).code).toBe('SCAFFOLD_ARCHIVE_INVALID');
    await mkdir(join(work, 'empty', 'a'), { recursive: true });
    await writeFile(join(work, 'empty', 'a', 'x.txt'), 'x');
    const archive = await packArchive(join(work, 'nomanifest.tar.gz'), join(work, 'empty'), ['a']);
    expect((await codeOf(loadTemplate(archive))).code).toBe('SCAFFOLD_TEMPLATE_INVALID');
    expect((await codeOf(loadTemplate(join(work, 'missing.tar.gz')))).code).toBe('SCAFFOLD_TEMPLATE_NOT_FOUND');
  });
});
