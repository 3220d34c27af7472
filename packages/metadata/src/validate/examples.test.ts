import { describe, expect, it } from 'vitest';
import { expectError } from '../__fixtures__/helpers.js';
import { assertSpecExamples, validateSpecExamples } from './examples.js';

const schema = {
  type: 'object',
  'x-title-i18n': { 'zh-CN': '配置' },
  properties: {
    consumers: {
      type: 'array',
      scope: 'GLOBAL',
      'x-scope': 'GLOBAL',
      items: { type: 'object', properties: { name: { type: 'string', minLength: 1 } }, required: ['name'], additionalProperties: false },
    },
    mode: { type: 'string', pattern: '^(fast|slow)$', example: 'fast' },
    when: { type: 'string', format: 'date-time' },
  },
};

const specWith = (configExample: unknown, routeExample?: unknown) => ({
  apiVersion: '1.0.0',
  spec: {
    configSchema: { openAPIV3Schema: { ...schema, example: configExample } },
    ...(routeExample !== undefined
      ? {
          routeConfigSchema: {
            openAPIV3Schema: { type: 'object', properties: { allow: { type: 'array', items: { type: 'string' } } }, example: routeExample },
          },
        }
      : {}),
  },
});

describe('validateSpecExamples', () => {
  it('accepts matching examples and treats OpenAPI/console keywords as annotations', () => {
    const result = validateSpecExamples(
      specWith({ consumers: [{ name: 'a' }], mode: 'slow', when: 'not checked: formats are not validated' }, { allow: ['a'] }),
    );
    expect(result).toEqual({
      valid: true,
      problems: [],
      checked: [
        'spec.configSchema.openAPIV3Schema.example',
        'spec.configSchema.openAPIV3Schema.properties.mode.example',
        'spec.routeConfigSchema.openAPIV3Schema.example',
      ],
    });
  });

  it('names the JSON path of every mismatch, in config and route examples', () => {
    const result = validateSpecExamples(specWith({ consumers: [{ name: '' }, { nick: 'b' }], mode: 'medium' }, { allow: 'a' }));
    expect(result.valid).toBe(false);
    expect(result.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'spec.configSchema.openAPIV3Schema.example.consumers[0].name: must NOT have fewer than 1 characters',
      "spec.configSchema.openAPIV3Schema.example.consumers[1]: must have required property 'name'",
      'spec.configSchema.openAPIV3Schema.example.consumers[1]: has property "nick", which the schema does not allow',
      'spec.configSchema.openAPIV3Schema.example.mode: must match pattern "^(fast|slow)$"',
      'spec.routeConfigSchema.openAPIV3Schema.example.allow: must be array',
    ]);
    expect(result.problems[0]!.schemaPath).toBe('spec.configSchema.openAPIV3Schema.properties.consumers.items.properties.name.minLength');
  });

  it('assertSpecExamples throws SPEC_EXAMPLE_INVALID with the problems in details', async () => {
    const err = await expectError(() => assertSpecExamples(specWith({ mode: 1 }), 'main.go:12'), 'SPEC_EXAMPLE_INVALID');
    expect(err.exitCode).toBe(2);
    expect(err.hint).toContain('main.go:12');
    expect(err.details?.problems).toHaveLength(1);
  });

  it('checks nothing when there is no example', () => {
    expect(
      validateSpecExamples({ spec: { configSchema: { openAPIV3Schema: { type: 'object', properties: { a: { type: 'string' } } } } } }),
    ).toEqual({ valid: true, problems: [], checked: [] });
  });
});
