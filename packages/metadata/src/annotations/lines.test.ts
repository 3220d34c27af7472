import { describe, expect, it } from 'vitest';
import { expectError } from '../__fixtures__/helpers.js';
import { parseDoc } from './lines.js';
import { FIELD_TAGS } from './field.js';
import { PLUGIN_TAGS } from './plugin.js';

const doc = (start: number, ...texts: string[]) => texts.map((text, i) => ({ line: start + i, text }));

describe('parseDoc', () => {
  it('reads one annotation per line and keeps prose apart', () => {
    const parsed = parseDoc(
      doc(10, ' Config is the plugin config.', '', ' @Name demo', ' @Title zh-CN 演示'),
      'main.go',
      PLUGIN_TAGS,
      'Config',
    );
    expect(parsed.plain).toEqual(['Config is the plugin config.']);
    expect(parsed.annotations).toEqual([
      { tag: 'Name', text: 'demo', pos: { file: 'main.go', line: 12 }, textLine: 12 },
      { tag: 'Title', text: 'zh-CN 演示', pos: { file: 'main.go', line: 13 }, textLine: 13 },
    ]);
  });

  it('collects an @Example block up to @End and removes the shared indentation', () => {
    const parsed = parseDoc(doc(1, ' @Example', ' a: 1', ' b:', '   - x', ' @End', ' @Version 1.0.0'), 'main.go', PLUGIN_TAGS, 'Config');
    expect(parsed.annotations[0]).toEqual({ tag: 'Example', text: 'a: 1\nb:\n  - x', pos: { file: 'main.go', line: 1 }, textLine: 2 });
    expect(parsed.annotations[1]!.tag).toBe('Version');
  });

  it('accepts a one-line @Example without @End', () => {
    const parsed = parseDoc(doc(5, ' @Example [a, b]'), 'x.go', FIELD_TAGS, 'field A');
    expect(parsed.annotations[0]!.text).toBe('[a, b]');
  });

  it('rejects a multi-line @Example without @End, naming its line', async () => {
    const err = await expectError(
      () => parseDoc(doc(7, ' @Example', ' a: 1', ' @Version 1.0.0'), 'main.go', PLUGIN_TAGS, 'Config'),
      'SPEC_ANNOTATION_INVALID',
    );
    expect(err.message).toBe('main.go:7: @Example without @End: a multi-line example must end with a line `@End`.');
  });

  it('rejects unknown tags with a suggestion', async () => {
    const err = await expectError(() => parseDoc(doc(3, ' @Titel Foo'), 'main.go', FIELD_TAGS, 'field A'), 'SPEC_ANNOTATION_INVALID');
    expect(err.message).toBe('main.go:3: Unknown annotation @Titel on field A. Did you mean @Title?');
    expect(err.hint).toContain('@Title @Description @Scope @Example');
    const wrongCase = await expectError(
      () => parseDoc(doc(4, ' @contact.email a@b.c'), 'main.go', PLUGIN_TAGS, 'Config'),
      'SPEC_ANNOTATION_INVALID',
    );
    expect(wrongCase.message).toContain('Did you mean @Contact.email?');
  });

  it('rejects a struct-level tag on a field and a stray @End', async () => {
    const err = await expectError(() => parseDoc(doc(3, ' @Priority 10'), 'main.go', FIELD_TAGS, 'field A'), 'SPEC_ANNOTATION_INVALID');
    expect(err.message).toContain('Unknown annotation @Priority on field A');
    const end = await expectError(() => parseDoc(doc(9, ' @End'), 'main.go', FIELD_TAGS, 'field A'), 'SPEC_ANNOTATION_INVALID');
    expect(end.message).toBe('main.go:9: @End without an @Example before it.');
  });
});
