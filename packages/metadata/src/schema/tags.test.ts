import { describe, expect, it } from 'vitest';
import type { SpecWarning } from '../types.js';
import { readTagConstraints } from './tags.js';

const pos = { file: 'main.go', line: 10 };

describe('readTagConstraints', () => {
  it("reads hgctl's constraint tags as numbers and Go booleans", () => {
    const warnings: SpecWarning[] = [];
    expect(readTagConstraints({ required: 'T', minimum: '-1.5', maximum: '1e3' }, 'number', 'F', pos, warnings)).toEqual({
      required: true,
      constraints: { minimum: -1.5, maximum: 1000 },
    });
    expect(readTagConstraints({ required: 'false', minItems: '0', maxItems: '3' }, 'array', 'F', pos, warnings).required).toBe(false);
    expect(warnings).toEqual([]);
  });

  it('warns when a constraint does not apply to the field type', () => {
    const warnings: SpecWarning[] = [];
    readTagConstraints({ maxLength: '3' }, 'integer', 'Count', pos, warnings);
    expect(warnings).toEqual([
      {
        code: 'SPEC_TAG_IGNORED',
        file: 'main.go',
        line: 10,
        message: 'main.go:10: field Count: maxLength applies to string values, but the field is integer; the console will ignore it.',
      },
    ]);
  });
});
