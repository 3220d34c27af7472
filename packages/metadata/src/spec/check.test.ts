import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { TEST_CACHE_DIR, copyFixture, expectError } from '../__fixtures__/helpers.js';
import { checkSpec, diffValues } from './check.js';
import { generateSpec } from './generate.js';

async function pluginWithCommittedSpec() {
  const dir = await copyFixture('consumer-auth');
  const { yaml } = await generateSpec({ pluginDir: dir, cacheDir: TEST_CACHE_DIR });
  await writeFile(join(dir, 'spec.yaml'), yaml);
  return dir;
}

describe('checkSpec (hplugin spec --check)', () => {
  it('is up to date right after generation', async () => {
    const result = await checkSpec({ pluginDir: await pluginWithCommittedSpec(), cacheDir: TEST_CACHE_DIR });
    expect(result).toMatchObject({ upToDate: true, exists: true, diff: [] });
  });

  it('compares meaning, not formatting: comments, key order and quoting may differ', async () => {
    const dir = await pluginWithCommittedSpec();
    const spec = parseYaml(await readFile(join(dir, 'spec.yaml'), 'utf8')) as Record<string, unknown>;
    const reordered = { spec: spec.spec, info: spec.info, apiVersion: spec.apiVersion };
    await writeFile(join(dir, 'spec.yaml'), `# hand-formatted\n${stringify(reordered, { defaultStringType: 'QUOTE_DOUBLE' })}`);
    expect((await checkSpec({ pluginDir: dir, cacheDir: TEST_CACHE_DIR })).upToDate).toBe(true);
  });

  it('is stale when the source changed, and lists each differing path', async () => {
    const dir = await pluginWithCommittedSpec();
    const main = join(dir, 'main.go');
    const source = await readFile(main, 'utf8');
    await writeFile(
      main,
      source.replace('// @Priority 310', '// @Priority 320').replace('json:"allow,omitempty"', 'json:"allow,omitempty" minItems:"1"'),
    );
    const result = await checkSpec({ pluginDir: dir, cacheDir: TEST_CACHE_DIR });
    expect(result.upToDate).toBe(false);
    expect(result.diff).toEqual([
      { path: 'spec.priority', committed: 310, generated: 320 },
      { path: 'spec.configSchema.openAPIV3Schema.properties.allow.minItems', generated: 1 },
    ]);
  });

  it('is stale when spec.yaml is missing', async () => {
    const result = await checkSpec({ pluginDir: await copyFixture('consumer-auth'), cacheDir: TEST_CACHE_DIR });
    expect(result).toMatchObject({ upToDate: false, exists: false });
    expect(result.specPath.endsWith('spec.yaml')).toBe(true);
  });

  it('rejects a committed spec.yaml that is not YAML', async () => {
    const dir = await copyFixture('consumer-auth');
    await writeFile(join(dir, 'spec.yaml'), 'info: [unclosed\n');
    await expectError(checkSpec({ pluginDir: dir, cacheDir: TEST_CACHE_DIR }), 'SPEC_FILE_INVALID');
  });
});

describe('diffValues', () => {
  it('reports removed, added, changed and array-length differences with readable paths', () => {
    expect(diffValues({ a: 1, b: { 'x-y': [1, 2] }, gone: true }, { a: 2, b: { 'x-y': [1] }, 'new key': 'v' })).toEqual([
      { path: 'a', committed: 1, generated: 2 },
      { path: 'b.x-y[1]', committed: 2 },
      { path: '["new key"]', generated: 'v' },
      { path: 'gone', committed: true },
    ]);
  });
});
