import { afterAll, describe, it, expect } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { silentReporter } from '@hplugin/core';
import { builtinTemplatesDir, listTemplates } from './catalog.js';
import { loadTemplate } from './load.js';
import { SMALL_FILES, tempDir, writeTemplate, removeTempDirs, rejection } from './__fixtures__/helpers.js';

afterAll(removeTempDirs);

describe('listTemplates', () => {
  it('finds the built-in templates next to the package, the default first', async () => {
    const list = await listTemplates();
    expect(list.map((t) => `${t.kind}:${t.id}`)).toEqual(['plugin:go-http', 'plugin:go-minimal', 'plugin:tinygo', 'workspace:workspace']);
    expect((await listTemplates({ kind: 'plugin' })).map((t) => t.id)).toEqual(['go-http', 'go-minimal', 'tinygo']);
    expect((await listTemplates({ kind: 'workspace' })).map((t) => t.id)).toEqual(['workspace']);
    expect(list.every((t) => t.source === 'builtin' && t.dir.startsWith(builtinTemplatesDir()))).toBe(true);
    expect(list[0]!.description).toMatch(/wasm-go/);
  });

  it('adds third-party template folders and skips a broken one with a warning', async () => {
    const extra = await tempDir();
    await writeTemplate(join(extra, 'small'), SMALL_FILES);
    await mkdir(join(extra, 'broken'));
    await writeFile(join(extra, 'broken', 'template.yaml'), 'id: broken\nparameters: nope\n');
    const reporter = silentReporter();
    const list = await listTemplates({ templatesDir: extra, reporter, kind: 'plugin' });
    expect(list.map((t) => `${t.source}:${t.id}`)).toEqual(['builtin:go-http', 'builtin:go-minimal', 'builtin:tinygo', 'local:small']);
    expect(reporter.warnings.map((w) => w.code)).toEqual(['SCAFFOLD_TEMPLATE_INVALID']);
  });
});

describe('loadTemplate', () => {
  it('loads a built-in id, a third-party id and a local folder', async () => {
    const extra = await tempDir();
    const dir = await writeTemplate(join(extra, 'small'), SMALL_FILES);
    expect((await loadTemplate('go-http')).source).toBe('builtin');
    expect((await loadTemplate('small', { templatesDir: [extra] })).source).toBe('local');
    const local = await loadTemplate('./small', { cwd: extra });
    expect(local).toMatchObject({ source: 'directory', id: 'small', dir });
  });

  it('prefers a built-in id over a folder of the same name, unless the folder is written as a path', async () => {
    const cwd = await tempDir();
    await writeTemplate(join(cwd, 'go-http'), SMALL_FILES);
    expect((await loadTemplate('go-http', { cwd })).source).toBe('builtin');
    expect((await loadTemplate('./go-http', { cwd })).id).toBe('small');
  });

  it('suggests the closest id for a typo', async () => {
    const err = await rejection(loadTemplate('go-htp'));
    expect(err.code).toBe('SCAFFOLD_TEMPLATE_NOT_FOUND');
    expect(err.message).toContain('Did you mean "go-http"?');
    expect(err.hint).toContain('go-minimal');
  });

  it('reports a missing folder and a folder without template.yaml', async () => {
    const work = await tempDir();
    expect((await rejection(loadTemplate('./nope', { cwd: work }))).code).toBe('SCAFFOLD_TEMPLATE_NOT_FOUND');
    await mkdir(join(work, 'plain'));
    expect((await rejection(loadTemplate('./plain', { cwd: work }))).code).toBe('SCAFFOLD_TEMPLATE_INVALID');
  });
});
