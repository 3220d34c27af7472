import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testFileJsonSchema } from './schema.js';

describe('hplugin.test.yaml JSON Schema', () => {
  it('matches the committed hplugin.test.schema.json (regenerate with scripts/write-schema.mjs)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../hplugin.test.schema.json', import.meta.url), 'utf8')) as Record<
      string,
      unknown
    >;
    const { $schema, ...rest } = committed;
    expect($schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(rest).toEqual(JSON.parse(JSON.stringify(testFileJsonSchema)));
  });

  it('the committed schema/validate-test-file.mjs is the ajv standalone code of this schema (regenerate with scripts/write-schema.mjs)', async () => {
    const { validatorSource } = await import('./validator-source.js');
    expect(readFileSync(new URL('../../schema/validate-test-file.mjs', import.meta.url), 'utf8')).toBe(validatorSource());
  });
});
