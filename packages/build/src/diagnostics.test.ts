import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isHpluginError, type HpluginError } from '@hplugin/core';
import { runCompiler } from './compile.js';
import { hintFor, moduleFetchFailure, moduleFetchHint, parseDiagnostics, withoutFetchNoise } from './diagnostics.js';

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
      {
        file: '/plugin/main.go',
        line: 30,
        column: 18,
        message: 'cannot use config.header (variable of type string) as int value in variable declaration',
      },
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

describe('module fetch failures', () => {
  // The lines go 1.2x prints for a checksum-database refusal and for GOPROXY=off.
  const sumdb = [
    'go: downloading github.com/higress-group/wasm-go v1.0.2-0.20250821081215-b573359becf8',
    'verifying github.com/higress-group/wasm-go@v1.0.2-0.20250821081215-b573359becf8: github.com/higress-group/wasm-go@v1.0.2-0.20250821081215-b573359becf8: reading https://sum.golang.org/lookup/github.com/higress-group/wasm-go@v1.0.2-0.20250821081215-b573359becf8: 404 Not Found',
    '\tserver response: not found',
  ].join('\n');

  it('recognises a checksum-database refusal and points at GONOSUMDB', () => {
    const failure = moduleFetchFailure(sumdb)!;
    expect(failure).toEqual({ modules: ['github.com/higress-group/wasm-go@v1.0.2-0.20250821081215-b573359becf8'], checksumDb: true });
    expect(moduleFetchHint(failure, {})).toMatch(/GONOSUMDB=github.com\/higress-group/);
    expect(withoutFetchNoise(sumdb)).not.toContain('go: downloading');
  });

  it('leaves compile errors alone', () => {
    expect(moduleFetchFailure('./main.go:3:5: undefined: x')).toBeUndefined();
    expect(moduleFetchFailure('go: module lookup disabled by GOPROXY=off')).toEqual({ modules: [], checksumDb: false });
  });

  it('turns a real proxy refusal into BUILD_MODULE_FETCH_FAILED with a GOPRIVATE/GOPROXY hint and no download noise', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fetch-fail-'));
    // A module path nobody publishes: the module proxy answers 403/404 "not available".
    writeFileSync(join(dir, 'go.mod'), 'module example.com/p\n\ngo 1.24.1\n\nrequire github.com/hplugin-fixtures/no-such-module v1.0.0\n');
    writeFileSync(join(dir, 'main.go'), 'package main\n\nimport _ "github.com/hplugin-fixtures/no-such-module"\n\nfunc main() {}\n');
    const err = await runCompiler(
      {
        file: 'go',
        args: ['build', '-o', join(dir, 'x.wasm'), '.'],
        env: { GOOS: 'wasip1', GOARCH: 'wasm', GOFLAGS: '-mod=mod', GOPROXY: 'https://proxy.golang.org' },
      },
      dir,
    ).then(
      () => undefined,
      (e: unknown) => (isHpluginError(e) ? e : undefined),
    );
    const error = err as HpluginError;
    expect(error.code).toBe('BUILD_MODULE_FETCH_FAILED');
    expect(error.message).toContain('github.com/hplugin-fixtures/no-such-module@v1.0.0');
    expect(error.message).not.toContain('go: downloading');
    expect(error.hint).toMatch(/GOPRIVATE=github.com\/hplugin-fixtures/);
    expect(error.hint).toContain('GOPROXY=https://proxy.golang.org');
    expect(error.hint).not.toMatch(/file:line:column/);
  }, 120_000);
});
