import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { schemaDefaults } from './schema-paths.js';

describe('schemaDefaults', () => {
  const root = join('/repo');
  it('climbs from a plugin folder to the workspace root node_modules', () => {
    expect(schemaDefaults(join(root, 'plugins', 'a'), root)).toEqual({
      schema: '../../node_modules/hplugin/plugin.config.schema.json',
      testSchema: '../../node_modules/hplugin/hplugin.test.schema.json',
    });
    expect(schemaDefaults(join(root, 'extensions', 'go', 'a'), root)?.schema).toBe(
      '../../../node_modules/hplugin/plugin.config.schema.json',
    );
  });
  it('leaves the template defaults alone outside a workspace, at its root, or outside it', () => {
    expect(schemaDefaults(join(root, 'a'), undefined)).toBeUndefined();
    expect(schemaDefaults(root, root)).toBeUndefined();
    expect(schemaDefaults('/elsewhere/a', root)).toBeUndefined();
  });
});
