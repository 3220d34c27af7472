/** Documentation gaps: warnings without --strict (zero-config packaging), errors with it. */
import { describe, expect, it } from 'vitest';
import { TEST_CACHE_DIR, at, expectError, tempDir, writeTree } from '../__fixtures__/helpers.js';
import { generateSpec } from '../spec/generate.js';

const source = `package main

import "github.com/higress-group/wasm-go/pkg/wrapper"

func main() {}

func init() { wrapper.SetCtx("gaps", wrapper.ParseConfigBy(parse)) }

// @Name gaps
// @Category custom
// @Title
// @Description en-US Has gaps in its docs.
// @Example
// limit: [unclosed
// @End
type GapsConfig struct {
	// @Title
	// @Example "many"
	Limit int \`json:"limit"\`
	// @Example {"a": 1
	Other string \`json:"other"\`
	// Prose that stays the description.
	// @Example
	// a: [1, 2]
	Third []int \`json:"third"\`
}

func parse(json string, config *GapsConfig) error { return nil }
`;

describe('documentation gaps', () => {
  it('are errors by default (hplugin spec) and with strict', async () => {
    const dir = await writeTree(await tempDir(), { 'main.go': source });
    const err = await expectError(generateSpec({ pluginDir: dir, cacheDir: TEST_CACHE_DIR }), 'SPEC_ANNOTATION_INVALID');
    expect(err.message).toBe('main.go:11: @Title has no text.');
    await expectError(generateSpec({ pluginDir: dir, cacheDir: TEST_CACHE_DIR, strict: true }), 'SPEC_ANNOTATION_INVALID');
  });

  it('are warnings when not strict: the bad values are left out, everything else is kept', async () => {
    const dir = await writeTree(await tempDir(), { 'main.go': source });
    const { spec, warnings } = await generateSpec({ pluginDir: dir, cacheDir: TEST_CACHE_DIR, strict: false });
    expect(spec.info).toMatchObject({ name: 'gaps', description: 'Has gaps in its docs.' });
    expect(spec.info).not.toHaveProperty('title');
    const schema = spec.spec.configSchema.openAPIV3Schema;
    expect(schema).not.toHaveProperty('example');
    expect(at(schema, 'properties', 'limit')).toEqual({ type: 'integer' }); // no title, the mismatching example dropped
    expect(at(schema, 'properties', 'other')).toEqual({ type: 'string' });
    // An @Example block without @End is skipped, its YAML not taken for prose.
    expect(at(schema, 'properties', 'third')).toEqual({
      type: 'array',
      items: { type: 'integer' },
      description: 'Prose that stays the description.',
    });
    expect(warnings.map((w) => [w.code, w.line])).toEqual([
      ['SPEC_ANNOTATION_INVALID', 11],
      ['SPEC_ANNOTATION_INVALID', 14],
      ['SPEC_ANNOTATION_INVALID', 17],
      ['SPEC_ANNOTATION_INVALID', 20],
      ['SPEC_ANNOTATION_INVALID', 23],
      ['SPEC_EXAMPLE_INVALID', undefined],
    ]);
    expect(warnings[0]!.message).toBe('main.go:11: @Title has no text. It is left out (an error with --strict).');
    expect(warnings[5]!.message).toBe(
      'An example does not match its schema, so it is left out (an error with --strict): spec.configSchema.openAPIV3Schema.properties.limit.example: must be integer.',
    );
  });
});
