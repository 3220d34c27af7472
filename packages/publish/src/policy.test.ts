import { describe, expect, it } from 'vitest';
import { isImmutableTag, safeLayerName } from './index.js';

describe('tag policy', () => {
  it.each([
    ['1.0.0', true],
    ['v2.1', true],
    ['1.2.3-rc.1', true],
    ['latest', false],
    ['main', false],
    ['dev-2026', false],
    ['7', false],
  ])('%s is immutable: %s', (tag, immutable) => {
    expect(isImmutableTag(tag)).toBe(immutable);
  });
});

describe('layer names on pull', () => {
  const layer = (title?: string) => ({
    mediaType: 'x',
    digest: `sha256:${'a'.repeat(64)}`,
    size: 1,
    ...(title ? { annotations: { 'org.opencontainers.image.title': title } } : {}),
  });

  it('keeps plain file names', () => {
    expect(safeLayerName(layer('README_EN.md'))).toBe('README_EN.md');
    expect(safeLayerName(layer())).toBeUndefined();
  });

  it.each(['../evil.md', '/etc/passwd', 'a/b.md', '..', '.hidden', 'x..y'])('refuses %s', (title) => {
    expect(() => safeLayerName(layer(title))).toThrow(/not a plain file name/);
  });
});
