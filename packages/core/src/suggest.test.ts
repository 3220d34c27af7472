import { describe, expect, it } from 'vitest';
import { nearest } from '@hplugin/core';

describe('nearest (the one "did you mean" rule)', () => {
  it('finds a typo within a third of the word, and a difference of case always', () => {
    expect(nearest('forse', ['force', 'format', 'filter'])).toBe('force');
    expect(nearest('REGISTRY', ['registry', 'repository'])).toBe('registry');
    expect(nearest('AUTH', ['Authentication', 'auth'])).toBe('auth');
    expect(nearest('priorty', ['priority', 'phase'])).toBe('priority');
  });

  it('keeps the candidate spelled as it was given, whatever the case of the input', () => {
    expect(nearest('unspecified_phse', ['UNSPECIFIED_PHASE', 'AUTHN'])).toBe('UNSPECIFIED_PHASE');
  });

  it('guesses nothing for an unrelated word or an empty list', () => {
    expect(nearest('banana', ['force', 'format'])).toBeUndefined();
    expect(nearest('force', [])).toBeUndefined();
  });
});
