import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HINT_OPTIONS, LIBRARY_SPELLING } from './option-spelling.js';

const SRC = fileURLToPath(new URL('.', import.meta.url));

/** The library's own source files (no tests, no fixtures), with comments removed. */
function librarySources(dir = SRC): { file: string; code: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__fixtures__' ? [] : librarySources(path);
    if (!entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) return [];
    const code = readFileSync(path, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/(^|[^:])\/\/.*$/gm, '$1');
    return [{ file: path.slice(SRC.length), code }];
  });
}

// @hplugin/oci is a library: a program embedding it has neither hplugin's flags nor its variables.
describe('the OCI client as a library', () => {
  const sources = librarySources();

  it('reads no HPLUGIN_* variable and names no CLI flag', () => {
    expect(sources.length).toBeGreaterThan(20);
    const offending = sources.flatMap(({ file, code }) => (code.match(/HPLUGIN_\w*|--[a-z][a-z-]+/g) ?? []).map((m) => `${file}: ${m}`));
    expect(offending).toEqual([]);
  });

  it('spells every option its hints name', () => {
    expect(Object.keys(LIBRARY_SPELLING).sort()).toEqual([...HINT_OPTIONS].sort());
  });
});
