import { describe, expect, it } from 'vitest';
import type { PluginAnnotations } from '../annotations/plugin.js';
import { mergeMetadata } from './merge.js';

const at = <T>(value: T, line: number) => ({ value, pos: { file: 'main.go', line } });

describe('mergeMetadata', () => {
  it('uses hgctl defaults and the folder name when nothing is set', () => {
    const merged = mergeMetadata({ contact: {} }, {}, { fallbackName: 'my-plugin' });
    expect(merged.info).toEqual({ category: 'custom', name: 'my-plugin', version: '0.1.0' });
    expect(merged).toMatchObject({ phase: 'UNSPECIFIED_PHASE', priority: 0, warnings: [] });
    expect(merged.sources).toEqual({
      'info.category': 'default',
      'info.name': 'default',
      'info.version': 'default',
      'spec.phase': 'default',
      'spec.priority': 'default',
    });
  });

  it('merges contact fields one by one and warns per conflict', () => {
    const notes: PluginAnnotations = { contact: { email: at('a@example.com', 5) }, description: { text: at('Annotated', 6), i18n: {} } };
    const merged = mergeMetadata(
      notes,
      { contact: { name: 'Team', email: 'b@example.com' }, description: 'Annotated', descriptionI18n: { 'zh-CN': '描述' } },
      { fallbackName: 'x' },
    );
    expect(merged.info.contact).toEqual({ name: 'Team', email: 'a@example.com' });
    expect(merged.info['x-description-i18n']).toEqual({ 'zh-CN': '描述' });
    expect(merged.warnings.map((w) => w.message)).toEqual([
      'info.contact.email: the annotation at main.go:5 says "a@example.com", but metadata.contact in the plugin config says "b@example.com"; using the annotation.',
    ]);
  });
});
