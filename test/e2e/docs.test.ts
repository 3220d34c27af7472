import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without types
import { loadCatalogue, render } from '../../scripts/error-codes.mjs';

describe('docs/error-codes.md', () => {
  it('is generated from the error catalogue (run `npx tsc -b && node scripts/error-codes.mjs` after adding a code)', async () => {
    const committed = readFileSync(new URL('../../docs/error-codes.md', import.meta.url), 'utf8');
    const { catalogue } = await loadCatalogue();
    expect(Object.keys(catalogue).length).toBeGreaterThan(80);
    expect(committed).toBe(render(await loadCatalogue()));
  });
});
