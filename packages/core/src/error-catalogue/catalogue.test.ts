import { describe, expect, expectTypeOf, it } from 'vitest';
import { ERROR_CATALOGUE, ERROR_CATALOGUE_DOMAINS, errorDocsAnchor, isErrorCode, type ErrorCode, type UsageErrorCode } from '../index.js';

describe('error catalogue', () => {
  const codes = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

  it('holds each code in exactly one domain file (a later spread would silently replace an earlier entry)', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const [domain, entries] of Object.entries(ERROR_CATALOGUE_DOMAINS)) {
      for (const code of Object.keys(entries)) {
        if (seen.has(code)) twice.push(`${code} (${seen.get(code)} and ${domain})`);
        seen.set(code, domain);
      }
    }
    expect(twice).toEqual([]);
    expect(seen.size).toBe(codes.length);
  });

  it('names every code in UPPER_SNAKE, with an exit class, a one-line message template and a hint', () => {
    for (const code of codes) {
      const entry = ERROR_CATALOGUE[code];
      expect(code, code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect([1, 2, 130], code).toContain(entry.exit);
      expect(entry.message.trim(), code).not.toBe('');
      expect(entry.message, code).not.toContain('\n');
      expect(entry.hint.trim(), code).not.toBe('');
    }
  });

  it('derives the docs anchor from the code', () => {
    expect(errorDocsAnchor('BUILD_FAILED')).toBe('docs/error-codes.md#build_failed');
    expect(errorDocsAnchor('CANCELLED')).toBe('docs/error-codes.md#cancelled');
  });

  it('tells catalogued codes from other strings at run time', () => {
    expect(isErrorCode('SPEC_GO_PARSE')).toBe(true);
    expect(isErrorCode('SPEC_NOT_A_CODE')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode(42)).toBe(false);
  });

  it('lets UsageError take only codes whose exit class is 2', () => {
    expectTypeOf<'CONFIG_INVALID'>().toExtend<UsageErrorCode>();
    expectTypeOf<'BUILD_FAILED'>().not.toExtend<UsageErrorCode>();
    expectTypeOf<'CANCELLED'>().not.toExtend<UsageErrorCode>();
    const usage = codes.filter((code) => ERROR_CATALOGUE[code].exit === 2);
    expect(usage.length).toBeGreaterThan(0);
  });
});
