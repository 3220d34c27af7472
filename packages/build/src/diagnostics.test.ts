import { describe, expect, it } from 'vitest';
import { hintFor, parseDiagnostics } from './diagnostics.js';

describe('parseDiagnostics', () => {
  it('reads file:line:col lines, joins tab-indented continuations, and resolves paths', () => {
    const output = [
      '# example.com/compile-error',
      './main.go:30:18: cannot use config.header (variable of type string) as int value in variable declaration',
      'pkg/util.go:7: undefined: foo',
      './main.go:12:2: too many return values',
      '\thave (int, error)',
      '\twant (int)',
      'note: module requires Go 1.24',
    ].join('\n');
    expect(parseDiagnostics(output, '/plugin')).toEqual([
      { file: '/plugin/main.go', line: 30, column: 18, message: 'cannot use config.header (variable of type string) as int value in variable declaration' },
      { file: '/plugin/pkg/util.go', line: 7, message: 'undefined: foo' },
      { file: '/plugin/main.go', line: 12, column: 2, message: 'too many return values\nhave (int, error)\nwant (int)' },
    ]);
  });

  it('keeps paths as printed without a cwd, and finds nothing in unrelated output', () => {
    expect(parseDiagnostics('/abs/x.go:1:2: boom')[0]!.file).toBe('/abs/x.go');
    expect(parseDiagnostics('go: downloading example.com/x v1.0.0')).toEqual([]);
  });

  it('suggests go mod tidy for go.sum problems', () => {
    expect(hintFor('main.go:5:2: missing go.sum entry for module providing package x')).toMatch(/go mod tidy/);
    expect(hintFor('main.go:1:1: syntax error')).toMatch(/Fix the errors/);
  });
});
