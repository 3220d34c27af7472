import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { globParent, placeInWorkspace } from './workspace.js';

describe('globParent', () => {
  it.each([
    ['plugins/*', 'plugins'],
    ['./extensions/**', 'extensions'],
    ['plugins/go/*', 'plugins/go'],
    ['*', ''],
    ['plugins/{a,b}', 'plugins'],
    ['plugins/only-one', 'plugins'],
  ])('%s → %s', (glob, parent) => {
    expect(globParent(glob)).toBe(parent);
  });
});

describe('placeInWorkspace', () => {
  const root = '/repo';
  it('uses the cwd outside a workspace', () => {
    expect(placeInWorkspace('/somewhere')).toBe('/somewhere');
  });
  it("uses the first glob's parent from anywhere inside the workspace", () => {
    const ws = { root, plugins: ['plugins/*', 'extensions/*'] };
    expect(placeInWorkspace(root, ws)).toBe(join(root, 'plugins'));
    expect(placeInWorkspace(join(root, 'extensions', 'x'), ws)).toBe(join(root, 'plugins'));
  });
  it('ignores a workspace the cwd is not inside, and one without globs', () => {
    expect(placeInWorkspace('/elsewhere', { root, plugins: ['plugins/*'] })).toBe('/elsewhere');
    expect(placeInWorkspace(root, { root, plugins: [] })).toBe(root);
  });
});
