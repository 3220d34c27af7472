/**
 * A template's committed spec.yaml must be what `hplugin spec` generates from its own Go
 * annotations once rendered, or a new plugin fails `hplugin spec --check` on its first commit.
 * Rendered twice: with the defaults, and with values that need quoting in YAML.
 */
import { afterAll, describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { checkSpec } from '@hplugin/metadata';
import { createPlugin } from './create.js';
import { removeTempDirs, tempDir } from './__fixtures__/helpers.js';

afterAll(removeTempDirs);

const VALUE_SETS = {
  defaults: {},
  'YAML-hostile values': {
    title: 'Guard: "admin" #1',
    description: 'Rejects #bad requests: "really"',
    category: 'security',
    phase: 'AUTHZ',
    priority: '320',
    version: '2.3.4-rc.1',
  },
} as const;

describe.each(['go-http', 'go-minimal', 'tinygo'])('template %s', (id) => {
  it.each(Object.entries(VALUE_SETS))('spec.yaml is up to date with the annotations (%s)', async (_label, values) => {
    const cwd = await tempDir();
    const name = `${id}-spec`;
    await createPlugin({ template: id, cwd, set: { name, ...values }, interactive: false, yes: true, tidy: false });
    const started = performance.now();
    const result = await checkSpec({ pluginDir: join(cwd, name) });
    console.log(`[figure] ${id}: checkSpec ${(performance.now() - started).toFixed(0)} ms`);
    expect(result.exists).toBe(true);
    expect(result.diff).toEqual([]);
    expect(result.upToDate).toBe(true);
    expect(result.generated.warnings).toEqual([]);
    expect(result.generated.spec.info).toMatchObject({
      name,
      ...('title' in values ? { title: values.title, description: values.description, version: values.version } : {}),
    });
  });
});
