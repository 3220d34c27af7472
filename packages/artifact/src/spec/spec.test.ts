import { describe, expect, it } from 'vitest';
import { generateSpecYaml } from './generate-spec.js';
import { formatSpecIssue, validateSpecYaml } from './validate-spec.js';

const GOOD = `apiVersion: 1.0.0
info:
  category: auth
  name: basic-auth
  title: Basic Auth
  x-title-i18n:
    zh-CN: Basic 认证
  version: 1.0.0
spec:
  phase: AUTHN
  priority: 320
  configSchema:
    openAPIV3Schema:
      type: object
      properties:
        consumers:
          type: array
`;

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

describe('validateSpecYaml', () => {
  it('accepts a spec like the ones in the Higress repository', () => {
    const result = validateSpecYaml(GOOD, 'spec.yaml', { version: '1.0.0' });
    expect(result).toMatchObject({ ok: true, errors: [], warnings: [] });
    expect(result.data).toMatchObject({ info: { name: 'basic-auth' }, spec: { priority: 320 } });
  });

  it.each([
    ['category: auth', 'category: firewall', 'info.category', /info\.category is "firewall"; it must be one of auth, security/],
    ['phase: AUTHN', 'phase: BEFORE', 'spec.phase', /spec\.phase is "BEFORE"/],
    ['priority: 320', 'priority: 1001', 'spec.priority', /whole number from 0 to 1000/],
    ['priority: 320', 'priority: 1.5', 'spec.priority', /spec\.priority is 1\.5/],
    ['priority: 320', 'priority: high', 'spec.priority', /spec\.priority is "high"/],
    [
      '      type: object\n      properties:\n        consumers:\n          type: array\n',
      '',
      'spec.configSchema.openAPIV3Schema',
      /must be an object/,
    ],
  ])('names the file and line of a bad value (%s → %s)', (from, to, path, message) => {
    const text = GOOD.replace(from, to);
    const needle = to.split('\n')[0] || 'openAPIV3Schema';
    const result = validateSpecYaml(text, 'plugins/x/spec.yaml');
    expect(result.ok).toBe(false);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ file: 'plugins/x/spec.yaml', path, line: lineOf(text, needle) });
    expect(result.errors[0]!.message).toMatch(message);
    expect(formatSpecIssue(result.errors[0]!)).toMatch(new RegExp(`^plugins/x/spec\\.yaml:${lineOf(text, needle)}:\\d+: `));
  });

  it('reports missing keys at their parent', () => {
    const text = GOOD.replace('apiVersion: 1.0.0\n', '').replace('  category: auth\n', '');
    const result = validateSpecYaml(text, 'spec.yaml');
    expect(result.errors.map((e) => e.path)).toEqual(['apiVersion', 'info.category']);
    expect(result.errors[1]!.line).toBe(lineOf(text, 'name: basic-auth'));
  });

  it('reports a YAML syntax error with its line', () => {
    const text = 'apiVersion: 1.0.0\ninfo:\n  category: [auth\nspec: {}\n';
    const result = validateSpecYaml(text, 'spec.yaml');
    expect(result.ok).toBe(false);
    expect(result.errors[0]!.message).toMatch(/not valid YAML/);
    expect(result.errors[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it('refuses a document that is not a mapping, and duplicate keys', () => {
    expect(validateSpecYaml('- a\n- b\n', 'spec.yaml').errors[0]!.message).toMatch(/must be a mapping/);
    const dup = validateSpecYaml(GOOD.replace('  name: basic-auth\n', '  name: basic-auth\n  name: again\n'), 'spec.yaml');
    expect(dup.ok).toBe(false);
    expect(dup.errors[0]!.line).toBe(5);
  });

  it('warns about a version that differs from the one being packaged, and a missing configSchema', () => {
    const text = GOOD.replace(/ {2}configSchema:[\s\S]*$/, '');
    const result = validateSpecYaml(text, 'spec.yaml', { version: '2.0.0' });
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => w.path)).toEqual(['info.version', 'spec.configSchema']);
  });
});

describe('generateSpecYaml', () => {
  it('writes a valid spec with the hgctl defaults', () => {
    const text = generateSpecYaml({ name: 'hello', version: '0.2.0' });
    const result = validateSpecYaml(text, 'spec.yaml', { version: '0.2.0' });
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([]);
    expect(result.data).toEqual({
      apiVersion: '1.0.0',
      info: { category: 'custom', name: 'hello', title: 'hello', version: '0.2.0' },
      spec: { phase: 'UNSPECIFIED_PHASE', priority: 0, configSchema: { openAPIV3Schema: { type: 'object' } } },
    });
  });

  it('carries every metadata field and is stable whatever order the maps were built in', () => {
    const meta = {
      name: 'geo',
      version: '1.0.0',
      title: 'Geo IP',
      description: 'A long description that must never be folded onto several lines by a YAML writer wrapping at eighty columns',
      category: 'flow-monitor',
      phase: 'STATS',
      priority: 999,
      titleI18n: { 'zh-CN': '地理位置', 'en-US': 'Geo IP' },
      iconUrl: 'https://example.com/icon.png',
      contact: { email: 'a@b.c', name: 'Ann' },
    };
    const text = generateSpecYaml(meta);
    expect(validateSpecYaml(text, 'spec.yaml').ok).toBe(true);
    expect(generateSpecYaml({ ...meta, titleI18n: { 'en-US': 'Geo IP', 'zh-CN': '地理位置' } })).toBe(text);
    expect(text).toContain(meta.description);
    expect(validateSpecYaml(text, 'spec.yaml').data).toMatchObject({
      info: { contact: { name: 'Ann', email: 'a@b.c' }, 'x-title-i18n': { 'zh-CN': '地理位置' } },
      spec: { priority: 999 },
    });
  });

  it('gives metadata mistakes to the validator to report', () => {
    const result = validateSpecYaml(generateSpecYaml({ name: 'x', version: '1', category: 'nope', priority: -1 }), 'spec.yaml');
    expect(result.errors.map((e) => e.path)).toEqual(['info.category', 'spec.priority']);
  });
});
