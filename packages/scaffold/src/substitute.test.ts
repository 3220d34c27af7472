import { describe, it, expect } from 'vitest';
import { substitute, referencedKeys } from './substitute.js';
import { substituteDetailed } from './substitute.js';

describe('substitute', () => {
  const values = { name: 'rate-guard', description: 'Says "no": politely' };

  it('replaces keys and applies filters', () => {
    expect(substitute('{{name}} {{ name | title }} {{name|pascal}} {{name|camel}} {{name|snake}} {{name|upper}}', values)).toBe(
      'rate-guard Rate Guard RateGuard rateGuard rate_guard RATE-GUARD',
    );
  });

  it('json-quotes values so YAML and Go stay valid whatever they hold', () => {
    expect(substitute('description: {{description | json}}', values)).toBe('description: "Says \\"no\\": politely"');
  });

  it('leaves unknown keys and unknown filters alone and reports the missing keys', () => {
    const result = substituteDetailed('{{ .Values.x }} {{other}} {{name | nope}}', values);
    expect(result.text).toBe('{{ .Values.x }} {{other}} {{name | nope}}');
    expect(result.missing).toEqual(['other']);
  });

  it('lists the keys a text refers to', () => {
    expect(referencedKeys('{{name | title}} and {{version}}')).toEqual(['name', 'version']);
  });
});
