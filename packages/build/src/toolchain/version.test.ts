import { describe, expect, it } from 'vitest';
import { compareGoVersions, formatGoVersion, parseGoVersion, parseTinygoVersion, tinygoAtLeast, MIN_GO, MIN_TINYGO } from './version.js';
import { goModRequirement, reconcileGoMod } from './gomod-requirement.js';

const v = (text: string) => parseGoVersion(text)!;

describe('Go versions', () => {
  it.each([
    ['go1.26.8', 'go1.26.8'],
    ['go version go1.21.5 linux/amd64', 'go1.21.5'],
    ['1.24', 'go1.24.0'],
    ['go1.24rc1', 'go1.24rc1'],
    ['devel go1.27-abcdef Tue Nov 3', 'go1.27.0'],
    ['go1.26.8 X:boringcrypto', 'go1.26.8'],
  ])('parses %s', (text, expected) => {
    expect(formatGoVersion(v(text))).toBe(expected);
  });

  it('returns undefined for text without a version', () => {
    expect(parseGoVersion('command not found')).toBeUndefined();
  });

  it('orders patch releases, pre-releases before releases, and the 1.24 minimum', () => {
    expect(compareGoVersions(v('go1.24.1'), v('go1.24.0'))).toBeGreaterThan(0);
    expect(compareGoVersions(v('go1.24rc1'), v('go1.24.0'))).toBeLessThan(0);
    expect(compareGoVersions(v('go1.21.5'), MIN_GO)).toBeLessThan(0);
    expect(compareGoVersions(v('go1.26.8'), MIN_GO)).toBeGreaterThan(0);
  });
});

describe('TinyGo versions', () => {
  it('parses `tinygo version` output, including the Go it was built with', () => {
    expect(parseTinygoVersion('tinygo version 0.33.0 linux/amd64 (using go version go1.22.5 and LLVM version 18.1.2)')).toEqual({
      version: '0.33.0',
      major: 0,
      minor: 33,
      patch: 0,
      goVersion: 'go1.22.5',
    });
    expect(parseTinygoVersion('tinygo version 0.28 darwin/arm64')).toMatchObject({ version: '0.28.0' });
    expect(parseTinygoVersion('go version go1.22.5')).toBeUndefined();
  });

  it('applies the 0.28 minimum', () => {
    expect(tinygoAtLeast(parseTinygoVersion('tinygo version 0.27.9 x')!, MIN_TINYGO)).toBe(false);
    expect(tinygoAtLeast(parseTinygoVersion('tinygo version 0.28.1 x')!, MIN_TINYGO)).toBe(true);
    expect(tinygoAtLeast(parseTinygoVersion('tinygo version 1.0.0 x')!, MIN_TINYGO)).toBe(true);
  });
});

describe('go.mod go/toolchain lines against the installed Go', () => {
  it('takes the newer of the go and toolchain lines, ignoring `toolchain default`', () => {
    expect(goModRequirement('1.24.1', 'go1.26.0')?.text).toBe('toolchain go1.26.0');
    expect(goModRequirement('1.27', 'go1.26.0')?.text).toBe('go 1.27');
    expect(goModRequirement('1.24', 'default')?.text).toBe('go 1.24');
    expect(goModRequirement(undefined, undefined)).toBeUndefined();
  });

  it('is silent when the installed Go is new enough', () => {
    expect(reconcileGoMod(v('go1.26.8'), 'local', '1.24.1')).toEqual({ effective: v('go1.26.8') });
  });

  it('explains the automatic switch under GOTOOLCHAIN=auto and reports the effective version', () => {
    const verdict = reconcileGoMod(v('go1.26.8'), 'auto', '1.27');
    expect(formatGoVersion(verdict.effective)).toBe('go1.27.0');
    expect(verdict.note).toMatch(/go\.mod says "go 1\.27", newer than the installed go1\.26\.8: with GOTOOLCHAIN=auto Go downloads/);
    expect(verdict.problem).toBeUndefined();
  });

  it('lets an old local Go reach 1.24 through go.mod when switching is allowed', () => {
    expect(formatGoVersion(reconcileGoMod(v('go1.21.5'), 'go1.21.5+auto', '1.24.1').effective)).toBe('go1.24.1');
  });

  it('refuses clearly when GOTOOLCHAIN=local forbids the switch', () => {
    const verdict = reconcileGoMod(v('go1.26.8'), 'local', '1.27');
    expect(verdict.problem?.message).toBe(
      'go.mod says "go 1.27", but the Go found is go1.26.8, and GOTOOLCHAIN=local stops Go from fetching a newer toolchain.',
    );
    expect(verdict.problem?.hint).toMatch(/Install Go 1\.27\.0 or newer.*GOTOOLCHAIN=auto/);
  });

  it('refuses for a Go older than 1.21, which cannot switch at all', () => {
    expect(reconcileGoMod(v('go1.20.3'), 'auto', '1.24').problem).toBeDefined();
  });
});
