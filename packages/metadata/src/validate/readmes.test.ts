import { describe, expect, it } from 'vitest';
import { tempDir, writeTree } from '../__fixtures__/helpers.js';
import { checkReadmes, readmeFileFor } from './readmes.js';

describe('checkReadmes', () => {
  it('follows the Higress naming: README.md for the first language, README_EN.md for English', () => {
    expect(readmeFileFor('zh-CN', true)).toBe('README.md');
    expect(readmeFileFor('en-US', false)).toBe('README_EN.md');
  });

  it('passes when every configured language has its README', async () => {
    const dir = await writeTree(await tempDir(), { 'README.md': '# 插件', 'README_EN.md': '# Plugin' });
    expect(await checkReadmes({ pluginDir: dir, languages: ['zh-CN', 'en-US'] })).toEqual({
      ok: true,
      missing: [],
      readmes: [
        { language: 'zh-CN', file: 'README.md', exists: true },
        { language: 'en-US', file: 'README_EN.md', exists: true },
      ],
    });
  });

  it('lists missing READMEs and spots one in the wrong letter case', async () => {
    const dir = await writeTree(await tempDir(), { 'README_en.md': '# Plugin' });
    const result = await checkReadmes({ pluginDir: dir, languages: ['zh-CN', 'en-US'] });
    expect(result.ok).toBe(false);
    expect(result.missing).toEqual(['README.md', 'README_EN.md']);
    expect(result.readmes[1]).toEqual({ language: 'en-US', file: 'README_EN.md', exists: false, differentCase: 'README_en.md' });
  });

  it('uses explicit file names when given, and requires nothing without languages', async () => {
    const dir = await writeTree(await tempDir(), { 'docs.md': '#' });
    expect((await checkReadmes({ pluginDir: dir, languages: ['en-US'], files: { 'en-US': 'docs.md' } })).ok).toBe(true);
    expect((await checkReadmes({ pluginDir: dir, languages: [] })).ok).toBe(true);
  });
});
