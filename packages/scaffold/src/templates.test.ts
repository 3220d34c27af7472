/**
 * Every built-in template, scaffolded non-interactively and then checked with the real Go
 * toolchain: gofmt, go vet and go test natively, and the wasip1 reactor build for the Go 1.24
 * templates. The tinygo template cannot be compiled here (no TinyGo, and nottinygc does not build
 * with the go toolchain), so its Go code is vetted and tested natively.
 */
import { afterAll, describe, it, expect } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { parse as parseYaml } from 'yaml';
import { validateConfigObject } from '@hplugin/config';
import { builtinTemplatesDir } from './catalog.js';
import { createPlugin } from './create.js';
import { CATEGORIES, PHASES } from './rules.js';
import { packArchive, SMALL_FILES, tempDir, writeTemplate, removeTempDirs } from './__fixtures__/helpers.js';

// @types/node does not declare the WebAssembly global; this module types the two calls it makes.
declare const WebAssembly: { compile(b: Uint8Array): Promise<unknown>; Module: { exports(m: unknown): Array<{ name: string }> } };

afterAll(removeTempDirs);

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

const go = (dir: string, args: string[], env: Record<string, string> = {}) => execa('go', args, { cwd: dir, env, all: true });

const cases = [
  { id: 'go-http', wasm: true, toolchain: 'go' },
  { id: 'go-minimal', wasm: true, toolchain: 'go' },
  { id: 'tinygo', wasm: false, toolchain: 'tinygo' },
] as const;

describe.each(cases)('template $id', ({ id, wasm, toolchain }) => {
  it('scaffolds non-interactively into a ready, building plugin', async () => {
    const cwd = await tempDir();
    const name = `${id}-demo`;
    // A description with YAML-hostile characters proves the substitutions keep every file valid.
    const description = 'Guards "admin": rejects #bad requests';
    const result = await createPlugin({
      template: id,
      cwd,
      set: { name, description, category: 'security', phase: 'AUTHZ', priority: '320', module: `github.com/acme/${name}` },
      interactive: false,
      yes: true,
    });
    console.log(
      `[figure] ${id}: scaffold ${result.timings.renderMs.toFixed(0)} ms + go mod tidy ${result.timings.tidyMs.toFixed(0)} ms = ${result.timings.totalMs.toFixed(0)} ms`,
    );
    const dir = join(cwd, name);
    expect(result.targetDir).toBe(dir);
    expect(result.tidied).toBe(true);
    const files = (await allFiles(dir)).sort();
    expect(files).toEqual([...result.files].sort());
    for (const required of [
      '.gitignore',
      'README.md',
      'README_EN.md',
      'VERSION',
      'go.mod',
      'go.sum',
      'hplugin.config.yaml',
      'hplugin.test.yaml',
      'package.json',
      'spec.yaml',
    ])
      expect(files).toContain(required);
    expect(files.some((f) => f.endsWith('_test.go'))).toBe(true);

    // Every placeholder was replaced.
    for (const file of files) expect(await readFile(join(dir, file), 'utf8'), file).not.toMatch(/\{\{/);

    // The committed go.sum is complete: tidy did not need to add anything.
    expect(await readFile(join(dir, 'go.sum'), 'utf8')).toBe(await readFile(join(builtinTemplatesDir(), id, 'go.sum'), 'utf8'));
    expect(await readFile(join(dir, 'go.mod'), 'utf8')).toMatch(new RegExp(`^module github.com/acme/${name}$`, 'm'));
    expect((await readFile(join(dir, 'VERSION'), 'utf8')).trim()).toBe('0.1.0');

    const configText = await readFile(join(dir, 'hplugin.config.yaml'), 'utf8');
    const config = parseYaml(configText);
    // The config the lead's schema accepts (the same validation `hplugin build` runs).
    expect(validateConfigObject(config, 'hplugin.config.yaml', configText)).toEqual([]);
    expect(config).toMatchObject({
      name,
      metadata: { description, category: 'security', phase: 'AUTHZ', priority: 320 },
      build: { toolchain },
    });
    // The schema is where $schema says: copied next to the config of a lone plugin.
    expect(config.$schema).toBe('./.hplugin/plugin.config.schema.json');
    expect(JSON.parse(await readFile(join(dir, config.$schema), 'utf8')).$id).toBe('https://hplugin.dev/plugin.config.schema.json');

    const spec = parseYaml(await readFile(join(dir, 'spec.yaml'), 'utf8'));
    expect(spec.apiVersion).toBe('1.0.0');
    expect(spec.info).toMatchObject({ name, category: 'security', description, version: '0.1.0', title: expect.any(String) });
    expect(CATEGORIES).toContain(spec.info.category);
    expect(PHASES).toContain(spec.spec.phase);
    expect(spec.spec.priority).toBe(320);
    expect(spec.spec.configSchema.openAPIV3Schema.type).toBe('object');
    expect(Object.keys(spec.spec.configSchema.openAPIV3Schema.properties).length).toBeGreaterThan(0);

    // The Go annotations carry the same metadata, for the spec generator.
    const goSources = (
      await Promise.all(files.filter((f) => f.endsWith('.go') && !f.endsWith('_test.go')).map((f) => readFile(join(dir, f), 'utf8')))
    ).join('\n');
    for (const line of [
      `// @Name ${name}`,
      '// @Category security',
      '// @Phase AUTHZ',
      '// @Priority 320',
      `// @Description en-US ${description}`,
      '// @Example',
      '// @End',
    ])
      expect(goSources).toContain(line);
    expect(goSources).toMatch(/func init\(\) \{\s+wrapper\.SetCtx\(/);

    expect((await execa('gofmt', ['-l', '.'], { cwd: dir })).stdout).toBe('');
    await go(dir, ['vet', './...']);
    const test = await go(dir, ['test', '-count=1', './...']);
    expect(test.all).toMatch(/^ok\s/m);

    if (wasm) {
      await go(dir, ['build', '-buildmode=c-shared', '-trimpath', '-o', 'dist/plugin.wasm', './'], { GOOS: 'wasip1', GOARCH: 'wasm' });
      const bytes = await readFile(join(dir, 'dist', 'plugin.wasm'));
      expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));
      // A reactor (c-shared) exports _initialize and no _start; a command module fails in Envoy.
      const engine = WebAssembly;
      const exports = engine.Module.exports(await engine.compile(bytes)).map((e) => e.name);
      expect(exports).toContain('_initialize');
      expect(exports).not.toContain('_start');
      expect(exports).toContain('proxy_on_request_headers');
    }
  });
});

describe('createPlugin in a workspace', () => {
  it("puts the plugin under the first glob's parent and reports the next steps", async () => {
    const root = await tempDir();
    const result = await createPlugin({
      template: 'go-minimal',
      cwd: root,
      workspace: { root, plugins: ['extensions/*', 'plugins/*'] },
      set: { name: 'in-workspace' },
      interactive: false,
      yes: true,
      tidy: false,
    });
    expect(result.targetDir).toBe(join(root, 'extensions', 'in-workspace'));
    expect(result.tidied).toBe(false);
    expect(result.nextSteps).toContain('cd extensions/in-workspace');
    expect(result.nextSteps).toContain('go mod tidy');
  });
});

describe('createPlugin with a third-party template', () => {
  it('renders from a local folder and from a .tar.gz, and removes the extracted archive', async () => {
    const work = await tempDir();
    const folder = await writeTemplate(join(work, 'small'), SMALL_FILES);
    const archive = await packArchive(join(work, 'small.tar.gz'), folder, ['.']);
    const before = (await readdir(tmpdir())).filter((n) => n.startsWith('hplugin-template-'));
    for (const [template, name] of [
      [folder, 'from-folder'],
      [archive, 'from-archive'],
    ] as const) {
      const result = await createPlugin({ template, cwd: work, set: { name, flavour: 'spicy' }, interactive: false, yes: true });
      expect(result.templateId).toBe('small');
      expect(result.tidied).toBe(false);
      expect(result.files).toEqual(['.gitignore', `docs/${name}-notes.txt`, 'README.md', `src/${name}.txt`]);
      expect(await readFile(join(work, name, 'README.md'), 'utf8')).toContain('hello (spicy)');
    }
    expect((await readdir(tmpdir())).filter((n) => n.startsWith('hplugin-template-'))).toEqual(before);
  });
});
