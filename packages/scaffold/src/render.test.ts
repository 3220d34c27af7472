import { afterAll, describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadTemplate } from './load.js';
import { renderTemplate } from './render.js';
import { resolveParameters } from './resolve.js';
import { SMALL_FILES, SMALL_MANIFEST, tempDir, writeTemplate, removeTempDirs, rejection } from './__fixtures__/helpers.js';

afterAll(removeTempDirs);

async function smallTemplate(files: Record<string, string> = SMALL_FILES, manifest = SMALL_MANIFEST) {
  const work = await tempDir();
  return { work, template: await loadTemplate(await writeTemplate(join(work, 'tpl'), files, manifest)) };
}

describe('renderTemplate', () => {
  it('substitutes contents and names, applies the rename table, and returns the files written', async () => {
    const { work, template } = await smallTemplate();
    await chmod(join(template.dir, 'README.md'), 0o755);
    const params = await resolveParameters(template, { set: { name: 'demo' }, interactive: false, yes: true });
    const result = await renderTemplate(template, params, join(work, 'out', 'demo'));
    expect(result.files).toEqual(['.gitignore', 'docs/demo-notes.txt', 'README.md', 'src/demo.txt']);
    expect(await readFile(join(result.targetDir, 'README.md'), 'utf8')).toBe('# Demo\nhello (plain)\n');
    expect(await readFile(join(result.targetDir, 'src', 'demo.txt'), 'utf8')).toBe('file named after demo\n');
    expect((await stat(join(result.targetDir, 'README.md'))).mode & 0o777).toBe(0o755);
    expect(existsSync(join(result.targetDir, 'template.yaml'))).toBe(false);
    // No staging folder is left next to the target.
    expect(await readdir(join(work, 'out'))).toEqual(['demo']);
  });

  it('copies binary files byte for byte', async () => {
    const { work, template } = await smallTemplate();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0x7b, 0x7b, 0x6e, 0x61, 0x6d, 0x65, 0x7d, 0x7d]);
    await writeFile(join(template.dir, 'icon.png'), png);
    const result = await renderTemplate(template, { name: 'demo', greeting: 'hi', flavour: 'plain' }, join(work, 'demo'));
    expect(await readFile(join(result.targetDir, 'icon.png'))).toEqual(png);
  });

  it('refuses a non-empty target unless forced, and with force keeps the other files', async () => {
    const { work, template } = await smallTemplate();
    const target = join(work, 'demo');
    await mkdir(target);
    await writeFile(join(target, 'keep.txt'), 'mine');
    await writeFile(join(target, 'README.md'), 'old');
    const params = { name: 'demo', greeting: 'hi', flavour: 'plain' };
    expect((await rejection(renderTemplate(template, params, target))).code).toBe('SCAFFOLD_TARGET_NOT_EMPTY');
    expect(await readFile(join(target, 'README.md'), 'utf8')).toBe('old');
    await renderTemplate(template, params, target, { force: true });
    expect(await readFile(join(target, 'README.md'), 'utf8')).toBe('# Demo\nhi (plain)\n');
    expect(await readFile(join(target, 'keep.txt'), 'utf8')).toBe('mine');
    expect((await readdir(work)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('renders into an existing empty folder', async () => {
    const { work, template } = await smallTemplate();
    await mkdir(join(work, 'empty'));
    const result = await renderTemplate(template, { name: 'demo', greeting: 'hi', flavour: 'plain' }, join(work, 'empty'));
    expect(result.files).toContain('README.md');
  });

  it('never writes outside the target: values and template names that would climb out are refused', async () => {
    const manifest = SMALL_MANIFEST.replace('pattern: "[a-z]+"', 'pattern: ".+"');
    const { work, template } = await smallTemplate({ '{{greeting}}/x.txt': 'x' }, manifest);
    for (const greeting of ['..', '../../etc', 'a/b']) {
      const err = await rejection(
        renderTemplate(template, { name: 'demo', greeting, flavour: 'plain' }, join(work, `t-${greeting.length}`)),
      );
      expect(err.code, greeting).toBe('SCAFFOLD_PATH_ESCAPE');
    }
    const renamed = await smallTemplate(
      { 'a.txt': 'x' },
      SMALL_MANIFEST.replace('notes.txt: docs/{{name}}-notes.txt', 'a.txt: ../../escaped.txt'),
    );
    expect(
      (await rejection(renderTemplate(renamed.template, { name: 'demo', greeting: 'hi', flavour: 'plain' }, join(renamed.work, 'demo'))))
        .code,
    ).toBe('SCAFFOLD_PATH_ESCAPE');
    expect(existsSync(join(renamed.work, '..', 'escaped.txt'))).toBe(false);
    // Nothing half-written: the failed targets do not exist.
    expect((await readdir(work)).sort()).toEqual(['tpl']);
  });

  it('refuses a template symlink that leads outside the template', async () => {
    const { work, template } = await smallTemplate();
    await writeFile(join(work, 'secret.txt'), 'secret');
    await symlink(join(work, 'secret.txt'), join(template.dir, 'leak.txt'));
    const err = await rejection(renderTemplate(template, { name: 'demo', greeting: 'hi', flavour: 'plain' }, join(work, 'demo')));
    expect(err.code).toBe('SCAFFOLD_PATH_ESCAPE');
    expect(existsSync(join(work, 'demo'))).toBe(false);
  });

  it('with force, refuses to write through a link in the target that leads outside it', async () => {
    const { work, template } = await smallTemplate();
    const target = join(work, 'demo');
    await mkdir(join(work, 'elsewhere'));
    await mkdir(target);
    await symlink(join(work, 'elsewhere'), join(target, 'src'));
    const err = await rejection(renderTemplate(template, { name: 'demo', greeting: 'hi', flavour: 'plain' }, target, { force: true }));
    expect(err.code).toBe('SCAFFOLD_PATH_ESCAPE');
    expect(await readdir(join(work, 'elsewhere'))).toEqual([]);
  });

  it('leaves nothing behind when writing fails midway', async () => {
    // x is written as a file, then x/y needs x to be a folder: the second write fails.
    const manifest = SMALL_MANIFEST.replace('notes.txt: docs/{{name}}-notes.txt', 'a.txt: x\n  b.txt: x/y');
    const { work, template } = await smallTemplate({ 'a.txt': 'a', 'b.txt': 'b' }, manifest);
    const err = await rejection(renderTemplate(template, { name: 'demo', greeting: 'hi', flavour: 'plain' }, join(work, 'demo')));
    expect(err).toBeInstanceOf(Error);
    expect(existsSync(join(work, 'demo'))).toBe(false);
    expect((await readdir(work)).sort()).toEqual(['tpl']);
  });
});
