import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without types
import { collect, render } from '../../scripts/error-codes.mjs';

describe('docs/error-codes.md', () => {
  it('lists exactly the codes the packages throw (run `node scripts/error-codes.mjs` after adding one)', () => {
    const committed = readFileSync(new URL('../../docs/error-codes.md', import.meta.url), 'utf8');
    const codes = collect();
    expect(codes.size).toBeGreaterThan(80);
    expect(committed).toBe(render(codes));
  });
});
