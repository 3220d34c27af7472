import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyInspectTarget, looksLikePath } from './target.js';

describe('inspect target classification', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'inspect-target-'));
  mkdirSync(join(cwd, 'dist', 'oci'), { recursive: true });

  it('reads an existing folder (with or without :tag) as a local layout', () => {
    expect(classifyInspectTarget('dist/oci', cwd)).toEqual({ kind: 'layout', dir: join(cwd, 'dist/oci') });
    expect(classifyInspectTarget('dist/oci:1.0.0', cwd)).toEqual({ kind: 'layout', dir: join(cwd, 'dist/oci'), tag: '1.0.0' });
  });

  it('needs a host with a dot or a port, or localhost, for a registry reference', () => {
    for (const ref of [
      'ghcr.io/org/plugin:1.0.0',
      'localhost:5000/plugin:1.0.0',
      'localhost/plugin',
      '127.0.0.1:5000/a/b@sha256:00',
      '[::1]:5000/p:1',
    ]) {
      expect(classifyInspectTarget(ref, cwd)).toEqual({ kind: 'registry', reference: ref });
    }
    expect(['./x', '../x', '/x', 'dist/x', 'plugins/foo:1.0.0', 'x', '.'].every(looksLikePath)).toBe(true);
  });

  it('says there is no layout, rather than asking Docker Hub, for a path that does not exist', () => {
    const dir = mkdtempSync(join(tmpdir(), 'inspect-empty-'));
    expect(() => classifyInspectTarget('dist/oci', dir)).toThrow(
      expect.objectContaining({ code: 'INSPECT_LAYOUT_NOT_FOUND', exitCode: 2 }),
    );
    expect(() => classifyInspectTarget('./out:1.0.0', dir)).toThrow(/no OCI layout at .*\/out: the folder does not exist/);
  });
});
