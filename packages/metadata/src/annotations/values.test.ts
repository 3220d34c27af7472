import { describe, expect, it } from 'vitest';
import { expectError } from '../__fixtures__/helpers.js';
import type { Annotation } from './lines.js';
import { enumValue, integerValue, localized, urlValue, yamlValue } from './values.js';
import { readPluginAnnotations } from './plugin.js';

const at = (tag: string, text: string, line = 20, textLine = line): Annotation => ({ tag, text, pos: { file: 'main.go', line }, textLine });

describe('annotation values', () => {
  it('takes the untagged @Title as the title and the others as translations', () => {
    const t = localized([at('Title', 'zh-CN 标题', 1), at('Title', 'Title', 2), at('Title', '[en-US] English', 3)], 'Title')!;
    expect(t.text.value).toBe('Title');
    expect(Object.fromEntries(Object.entries(t.i18n).map(([k, v]) => [k, v!.value]))).toEqual({ 'zh-CN': '标题', 'en-US': 'English' });
  });

  it('uses the first @Title as the primary one when all name a language (hgctl style)', () => {
    const t = localized([at('Title', 'en-US Hello'), at('Title', 'zh-cn 你好')], 'Title')!;
    expect(t).toMatchObject({ text: { value: 'Hello' }, lang: 'en-US', i18n: { 'zh-CN': { value: '你好' } } });
  });

  it('treats words that do not look like language tags as text', () => {
    expect(localized([at('Title', 'my plugin')], 'Title')!.text.value).toBe('my plugin');
  });

  it('rejects unknown language tags, duplicates and empty texts, naming the line', async () => {
    const unknown = await expectError(() => localized([at('Title', 'zh_CN 标题', 31)], 'Title'), 'SPEC_ANNOTATION_INVALID');
    expect(unknown.message).toBe('main.go:31: @Title has an unknown language tag "zh_CN". Did you mean zh-CN?');
    const bracket = await expectError(() => localized([at('Description', '[fr] Bonjour', 32)], 'Description'), 'SPEC_ANNOTATION_INVALID');
    expect(bracket.message).toContain('main.go:32: @Description has an unknown language tag "fr"');
    const dup = await expectError(
      () => localized([at('Title', 'en-US A', 1), at('Title', 'en-US B', 2)], 'Title'),
      'SPEC_ANNOTATION_INVALID',
    );
    expect(dup.message).toBe('main.go:2: @Title for en-US appears twice (first at line 1).');
    await expectError(() => localized([at('Title', 'zh-CN')], 'Title'), 'SPEC_ANNOTATION_INVALID');
  });

  it('checks enums, integers and URLs', async () => {
    expect(enumValue(at('Phase', 'AUTHZ'), ['AUTHN', 'AUTHZ']).value).toBe('AUTHZ');
    const phase = await expectError(
      () => enumValue(at('Phase', 'AUTH', 26), ['UNSPECIFIED_PHASE', 'AUTHN', 'AUTHZ', 'STATS']),
      'SPEC_ANNOTATION_INVALID',
    );
    expect(phase.message).toBe('main.go:26: @Phase "AUTH" is not one of UNSPECIFIED_PHASE, AUTHN, AUTHZ, STATS. Did you mean AUTHN?');
    expect(integerValue(at('Priority', '1000'), 0, 1000).value).toBe(1000);
    for (const bad of ['1001', '-1', '1.5', 'high', '']) {
      const err = await expectError(() => integerValue(at('Priority', bad, 27), 0, 1000), 'SPEC_ANNOTATION_INVALID');
      expect(err.message).toMatch(/^main\.go:27: @Priority /);
    }
    await expectError(() => urlValue(at('IconUrl', 'ftp://x/icon.png')), 'SPEC_ANNOTATION_INVALID');
  });

  it('reports invalid YAML at the line inside the @Example block', async () => {
    expect(yamlValue(at('Example', 'a: [1, 2]')).value).toEqual({ a: [1, 2] });
    const err = await expectError(() => yamlValue(at('Example', 'a: 1\nb: [unclosed\nc: 3', 40, 41)), 'SPEC_ANNOTATION_INVALID');
    expect(err.message).toBe(
      'main.go:43: @Example is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    );
    const dupKey = await expectError(() => yamlValue(at('Example', 'a: 1\na: 2', 40, 41)), 'SPEC_ANNOTATION_INVALID');
    expect(dupKey.message).toMatch(/^main\.go:42: @Example is not valid YAML: /);
  });

  it('reads the full struct-level set', () => {
    const lines = [
      ' @Name demo',
      ' @Category flow-control',
      ' @Phase STATS',
      ' @Priority 7',
      ' @Version 2.0.0-rc.1',
      ' @Contact.name Team',
      ' @Contact.url https://example.com',
      ' @Contact.email team@example.com',
      ' @IconUrl https://example.com/i.png',
    ].map((text, i) => ({ line: i + 1, text }));
    const notes = readPluginAnnotations(lines, 'main.go', 'Config');
    expect(notes).toMatchObject({
      name: { value: 'demo' },
      category: { value: 'flow-control' },
      phase: { value: 'STATS' },
      priority: { value: 7 },
      version: { value: '2.0.0-rc.1' },
      iconUrl: { value: 'https://example.com/i.png' },
      contact: { name: { value: 'Team' }, url: { value: 'https://example.com' }, email: { value: 'team@example.com', pos: { line: 8 } } },
    });
  });

  it('refuses a @Version that config and package would refuse (the one semver rule)', async () => {
    for (const version of ['1.0.0-rc..1', '1.0.0-01']) {
      const err = await expectError(
        () => readPluginAnnotations([{ line: 3, text: ` @Version ${version}` }], 'main.go', 'Config'),
        'SPEC_ANNOTATION_INVALID',
      );
      expect(err.message).toMatch(/semantic version/);
    }
  });
});
