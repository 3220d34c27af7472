/**
 * Every bad annotation, end to end through the Go generator: the error is SPEC_ANNOTATION_INVALID
 * (exit code 2) and names the file and line of the offending comment or tag.
 */
import { describe, expect, it } from 'vitest';
import { TEST_CACHE_DIR, expectError, tempDir, writeTree } from '../__fixtures__/helpers.js';
import { generateSpec } from './generate.js';

// Line 6 is the first struct doc line, line 9 the field's doc line, line 10 the field.
function plugin(structDoc: string, fieldDoc = '// @Title Header', fieldTag = '`json:"header"`'): string {
  return [
    'package main', // 1
    '', // 2
    'func main() {}', // 3
    '', // 4
    '// @Name demo', // 5
    structDoc, // 6
    '// @Version 1.0.0', // 7
    'type DemoConfig struct {', // 8
    `\t${fieldDoc}`, // 9
    `\tHeader string ${fieldTag}`, // 10
    '}', // 11
    '',
  ].join('\n');
}

async function generate(source: string) {
  const dir = await writeTree(await tempDir(), { 'main.go': source });
  return generateSpec({ pluginDir: dir, cacheDir: TEST_CACHE_DIR });
}

const cases: Array<[string, string, string | undefined, string | undefined, string]> = [
  [
    'unknown struct tag',
    '// @Catgory auth',
    undefined,
    undefined,
    'main.go:6: Unknown annotation @Catgory on the config struct DemoConfig. Did you mean @Category?',
  ],
  [
    'bad @Category',
    '// @Category observability',
    undefined,
    undefined,
    'main.go:6: @Category "observability" is not one of auth, security, protocol, flow-control, flow-monitor, custom.',
  ],
  [
    'bad @Phase',
    '// @Phase AUTHZZ',
    undefined,
    undefined,
    'main.go:6: @Phase "AUTHZZ" is not one of UNSPECIFIED_PHASE, AUTHN, AUTHZ, STATS. Did you mean AUTHZ?',
  ],
  ['@Priority not an integer', '// @Priority high', undefined, undefined, 'main.go:6: @Priority "high" is not an integer from 0 to 1000.'],
  ['@Priority out of range', '// @Priority 5000', undefined, undefined, 'main.go:6: @Priority "5000" is not an integer from 0 to 1000.'],
  ['@Example that is not YAML', '// @Example {a: [1, 2}', undefined, undefined, 'main.go:6: @Example is not valid YAML: '],
  ['@Example without @End', '// @Example\n// a: 1', undefined, undefined, 'main.go:6: @Example without @End'],
  ['unknown language tag', '// @Title fr-FR Démo', undefined, undefined, 'main.go:6: @Title has an unknown language tag "fr-FR".'],
  ['bad @IconUrl', '// @IconUrl icon.png', undefined, undefined, 'main.go:6: @IconUrl "icon.png" is not an http(s) URL.'],
  ['duplicate @Name', '// @Name again', undefined, undefined, 'main.go:6: @Name appears twice (first at line 5).'],
  ['unknown field tag', '//', '// @Default 1', undefined, 'main.go:9: Unknown annotation @Default on field Header.'],
  [
    'bad @Scope',
    '//',
    '// @Scope global',
    undefined,
    'main.go:9: @Scope "global" is not one of GLOBAL, INSTANCE, ALL. Did you mean GLOBAL?',
  ],
  ['field @Example not YAML', '//', '// @Example [a', undefined, 'main.go:9: @Example is not valid YAML: '],
  ['field language tag', '//', '// @Description [de-DE] Kopf', undefined, 'main.go:9: @Description has an unknown language tag "de-DE".'],
  [
    'non-numeric minimum',
    '//',
    '// @Title Header',
    '`json:"header" minLength:"one"`',
    'main.go:10: Field Header: minLength:"one" is not a whole number ≥ 0.',
  ],
  [
    'bad required',
    '//',
    '// @Title Header',
    '`json:"header" required:"yes"`',
    'main.go:10: Field Header: required:"yes" is not true or false.',
  ],
  [
    'bad pattern',
    '//',
    '// @Title Header',
    '`json:"header" pattern:"[a-"`',
    'main.go:10: Field Header: pattern:"[a-" is not a valid regular expression',
  ],
  [
    'min above max',
    '//',
    '// @Title Header',
    '`json:"header" minLength:"5" maxLength:"2"`',
    'main.go:10: Field Header: minLength 5 is greater than maxLength 2.',
  ],
];

describe('bad annotations → SPEC_ANNOTATION_INVALID with file:line', () => {
  it.each(cases)('%s', async (_name, structDoc, fieldDoc, fieldTag, message) => {
    const err = await expectError(generate(plugin(structDoc, fieldDoc, fieldTag)), 'SPEC_ANNOTATION_INVALID');
    expect(err.message.startsWith(message), `${err.message}\n does not start with\n${message}`).toBe(true);
    expect(err.exitCode).toBe(2);
    expect(err.hint).toBeTruthy();
    expect(err.details).toMatchObject({ file: 'main.go', line: Number(/^main\.go:(\d+)/.exec(message)![1]) });
  });

  it('the well-formed template itself generates', async () => {
    const { spec } = await generate(plugin('// @Category custom'));
    expect(spec.info).toMatchObject({ name: 'demo', version: '1.0.0', category: 'custom' });
  });
});
