/**
 * The catalogue against the sources: every code the packages (and the Go spec generator) can emit
 * is catalogued, every catalogued code is emitted somewhere, and every docs anchor an error prints
 * resolves in docs/error-codes.md. The TypeScript types already reject an uncatalogued code at a
 * throw site; these scans catch what the types cannot see (the Go program, string tables).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, errorDocsAnchor, isErrorCode, type ErrorCode } from '@hplugin/core';
// @ts-expect-error: a plain ESM script without types
import { codeUsers, collectFindings, collectWarnings, goCodes, packageSources, thrownCodes } from '../../scripts/error-codes.mjs';

type Files = unknown[];
const files: Files = packageSources();
const codes = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

describe('error catalogue against the sources', () => {
  it('holds every code thrown by a literal or a code constant in packages/*/src', () => {
    const { thrown } = thrownCodes(files) as { thrown: Map<string, Set<string>> };
    expect(thrown.size).toBeGreaterThan(100);
    expect([...thrown.keys()].filter((code) => !isErrorCode(code))).toEqual([]);
  });

  it('holds every `code:` table entry that is not a warning (registry error mappings, module check errors)', () => {
    const { tabled } = thrownCodes(files) as { tabled: Map<string, Set<string>> };
    const warnings = collectWarnings(new Set(codes), files) as Map<string, unknown>;
    const findings = new Set(collectFindings() as string[]);
    const unlisted = [...tabled.keys()].filter((code) => !isErrorCode(code) && !warnings.has(code) && !findings.has(code));
    expect(tabled.size).toBeGreaterThan(20);
    expect(unlisted).toEqual([]);
  });

  it('holds every fatal code of the Go spec generator, with exit class 2 (the Go sources must change)', () => {
    const { fatal, warnings } = goCodes(files) as { fatal: Map<string, string[]>; warnings: Map<string, string[]> };
    expect([...fatal.keys()]).toEqual(
      expect.arrayContaining(['SPEC_CONFIG_STRUCT_AMBIGUOUS', 'SPEC_CONFIG_STRUCT_NOT_FOUND', 'SPEC_GO_PARSE', 'SPEC_GO_SOURCE_NOT_FOUND']),
    );
    // Every code-like literal in the Go sources is emitted one of the two ways the scan knows; one
    // emitted some other way would escape both lists (and this test).
    const goText = (files as { go: boolean; text: string }[])
      .filter((f) => f.go)
      .map((f) => f.text)
      .join('\n');
    const literals = new Set([...goText.matchAll(/"((?:SPEC|HOST|BUILD|WASM)_[A-Z0-9_]+)"/g)].map((m) => m[1]!));
    expect(literals.size).toBeGreaterThan(fatal.size);
    expect([...literals].filter((code) => !fatal.has(code) && !warnings.has(code))).toEqual([]);
    for (const code of fatal.keys()) {
      expect(isErrorCode(code), `${code} (${fatal.get(code)!.join(', ')}) is not in the catalogue`).toBe(true);
      expect(ERROR_CATALOGUE[code as ErrorCode].exit, code).toBe(2);
    }
  });

  it('has no dead entries: every catalogued code is raised by some package', () => {
    const users = codeUsers(codes, files) as Map<string, Set<string>>;
    expect(codes.filter((code) => users.get(code)!.size === 0)).toEqual([]);
  });

  it('documents every code under the anchor its errors print', () => {
    const page = readFileSync(new URL('../../docs/error-codes.md', import.meta.url), 'utf8');
    // GitHub's heading ids: lower case, punctuation other than - and _ dropped, spaces to dashes.
    const ids = [...page.matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
      m[1]!
        .trim()
        .toLowerCase()
        .replace(/[^a-z0-9 _-]/g, '')
        .replace(/ /g, '-'),
    );
    expect(new Set(ids).size).toBe(ids.length);
    for (const code of codes) {
      const [page, id] = errorDocsAnchor(code).split('#');
      expect(page).toBe('docs/error-codes.md');
      expect(ids, code).toContain(id);
    }
  });
});
