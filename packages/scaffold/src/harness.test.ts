/**
 * Every plugin template ships hplugin.test.yaml. For the Go 1.24 templates the whole user path runs
 * through the built CLI: hplugin new → hplugin build → hplugin test, with real Go and the in-process
 * proxy-wasm host. TinyGo is not installed here, so the tinygo template's file is checked against
 * the schema only.
 */
import { afterAll, describe, it, expect } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { validateTestFile } from '@hplugin/host';
import { createPlugin } from './create.js';
import { hplugin } from './__fixtures__/cli.js';
import { removeTempDirs, tempDir } from './__fixtures__/helpers.js';

afterAll(removeTempDirs);

/** The case names in a rendered test file, for comparing with the runner's report. */
async function caseNames(dir: string): Promise<string[]> {
  const file = validateTestFile(parseYaml(await readFile(join(dir, 'hplugin.test.yaml'), 'utf8')), 'hplugin.test.yaml');
  return file.cases.map((c) => c.name);
}

describe.each(['go-http', 'go-minimal'])('template %s through the built CLI', (id) => {
  it('scaffolds, builds and passes its own hplugin.test.yaml', async () => {
    const cwd = await tempDir();
    const name = `${id}-e2e`;
    const created = await hplugin(['new', name, '--template', id, '--yes', '--json'], cwd);
    expect(created.exitCode, created.all).toBe(0);
    const dir = join(cwd, name);

    const started = performance.now();
    const build = await hplugin(['build', '--json'], dir);
    const buildMs = performance.now() - started;
    expect(build.exitCode, build.all).toBe(0);
    expect(JSON.parse(build.stdout).build.wasmPath).toBe(join(dir, 'dist', 'plugin.wasm'));

    const testStart = performance.now();
    const test = await hplugin(['test', '--json'], dir);
    const testMs = performance.now() - testStart;
    expect(test.exitCode, test.all).toBe(0);
    const report = JSON.parse(test.stdout).test as { ok: boolean; cases: Array<{ name: string; ok: boolean }> };
    expect(report.ok).toBe(true);
    expect(report.cases.map((c) => c.name)).toEqual(await caseNames(dir));
    expect(report.cases.every((c) => c.ok)).toBe(true);
    console.log(
      `[figure] ${id}: hplugin build ${buildMs.toFixed(0)} ms, hplugin test (${report.cases.length} cases, build cached) ${testMs.toFixed(0)} ms`,
    );
  });
});

describe('the go-http test file', () => {
  it('covers the header, the 403, the response header and both config errors', async () => {
    const cwd = await tempDir();
    await createPlugin({ template: 'go-http', cwd, set: { name: 'cover' }, interactive: false, yes: true, tidy: false });
    const file = validateTestFile(parseYaml(await readFile(join(cwd, 'cover', 'hplugin.test.yaml'), 'utf8')));
    const expects = file.cases.map((c) => c.expect ?? {});
    expect(expects.some((e) => e.request?.headers?.['x-team'] === 'blue')).toBe(true);
    expect(expects.some((e) => e.localResponse?.status === 403 && e.localResponse.details === 'cover.denied')).toBe(true);
    expect(expects.some((e) => e.response?.headers?.['x-cover-seen'] === 'blue')).toBe(true);
    expect(expects.filter((e) => e.error?.code === 'HOST_CONFIGURE_FAILED')).toHaveLength(2);
  });
});

describe('the tinygo test file', () => {
  it('is valid against the hplugin.test.yaml schema (TinyGo is not installed here, so it is not run)', async () => {
    const cwd = await tempDir();
    await createPlugin({ template: 'tinygo', cwd, set: { name: 'tiny' }, interactive: false, yes: true, tidy: false });
    const text = await readFile(join(cwd, 'tiny', 'hplugin.test.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./.hplugin/hplugin.test.schema.json');
    // A lone plugin carries the schema it points at, so editors find it wherever it is cloned.
    const schema = JSON.parse(await readFile(join(cwd, 'tiny', '.hplugin', 'hplugin.test.schema.json'), 'utf8'));
    expect(schema.type).toBe('object');
    const file = validateTestFile(parseYaml(text), 'tinygo hplugin.test.yaml');
    expect(file.cases.map((c) => c.expect?.request?.headers)).toEqual([{ 'x-team': 'blue' }, { 'x-tiny': 'on' }]);
  });
});
