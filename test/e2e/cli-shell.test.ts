import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hplugin } from '../support/cli.js';

function plugin(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'hplugin-e2e-'));
  mkdirSync(join(root, '.git'));
  const dir = join(root, 'request-block');
  mkdirSync(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

const higressFolder = {
  'main.go': 'package main\nfunc main() {}\n',
  'go.mod': 'module x\n\ngo 1.24\n',
  VERSION: '1.0.0\n',
  'README.md': '# rb\n',
  'README_EN.md': '# rb\n',
};

describe('hplugin (built CLI)', () => {
  it('prints its version and help', async () => {
    const version = await hplugin(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = await hplugin(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('hplugin config');
    expect(help.stdout).toContain('Exit codes: 0 ok, 1 the operation failed, 2 bad usage or config, 130 cancelled (Ctrl-C).');
    const bare = await hplugin([]);
    expect(bare.stdout).toContain('Commands:');
  });

  it('prints the resolved config of a plain Higress plugin folder, with sources', async () => {
    const dir = plugin(higressFolder);
    const res = await hplugin(['config'], { cwd: dir });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('name: request-block   # the folder name');
    expect(res.stdout).toContain('version: 1.0.0   # VERSION');
    const json = (await hplugin(['config', '--json', '-C', dir])).json();
    expect(json.ok).toBe(true);
    expect(json.config.package.readmes.en).toBe(join(dir, 'README_EN.md'));
    expect(json.sources.version).toBe('VERSION');
  });

  it.each([
    ['malformed YAML', { 'hplugin.config.yaml': 'build:\n  tags: [a\n' }, 'CONFIG_SYNTAX', /hplugin\.config\.yaml:\d+:\d+/],
    ['malformed JSON', { 'hplugin.config.json': '{"name": "x",}' }, 'CONFIG_SYNTAX', /hplugin\.config\.json:1:\d+/],
    [
      'unknown key',
      { 'hplugin.config.yaml': 'biuld: {}\n' },
      'CONFIG_INVALID',
      /hplugin\.config\.yaml:1:1: biuld: unknown key "biuld": did you mean "build"\?/,
    ],
    ['wrong type', { 'hplugin.config.yaml': 'build:\n  tags: go\n' }, 'CONFIG_INVALID', /build\.tags: expected array, found "go"/],
    ['invalid name', { 'hplugin.config.yaml': 'name: Request_Block\n' }, 'CONFIG_INVALID', /name: expected a lowercase kebab-case name/],
    ['invalid version', { 'hplugin.config.yaml': 'version: "1.0"\n' }, 'CONFIG_INVALID', /version: expected a semantic version/],
    ['conflicting configs', { 'hplugin.config.yaml': 'name: a\n', '.hpluginrc.json': '{}' }, 'CONFIG_CONFLICT', /Found 2 config files/],
  ])('%s exits 2 naming the file and key', async (_name, files, code, pattern) => {
    const dir = plugin({ ...higressFolder, ...files });
    const res = await hplugin(['config', 'validate'], { cwd: dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`error[${code}]`);
    expect(res.stderr).toMatch(pattern);
    expect(res.stderr).toContain('hint:');
    expect(res.stderr).not.toMatch(/\n\s+at /); // no stack trace without --verbose
    expect(res.stdout).toBe('');
  });

  it('no config and no VERSION file exits 2 with CONFIG_MISSING_VERSION', async () => {
    const dir = plugin({ 'main.go': 'package main\n' });
    const res = await hplugin(['config'], { cwd: dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('error[CONFIG_MISSING_VERSION]');
    expect(res.stderr).toContain('VERSION');
  });

  it('--json errors are one JSON document on stdout with the code, and nothing on stderr', async () => {
    const dir = plugin({ ...higressFolder, 'hplugin.config.yaml': 'metadata:\n  phase: AUTH\n' });
    const res = await hplugin(['config', '--json'], { cwd: dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toBe('');
    const doc = res.json();
    expect(doc).toMatchObject({ ok: false, error: { code: 'CONFIG_INVALID' } });
    expect(doc.error.details.problems[0]).toMatchObject({ path: 'metadata.phase', line: 2, col: 10 });
  });

  it('unknown commands and flags are usage errors (exit 2)', async () => {
    const res = await hplugin(['biuld']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('error[USAGE]');
    const flag = await hplugin(['config', '--frobnicate']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('Unknown argument: frobnicate');
  });

  it('writes no spinner frames or escape codes when not on a TTY', async () => {
    const dir = plugin(higressFolder);
    const res = await hplugin(['config', 'validate'], { cwd: dir, env: { NO_COLOR: '', CI: '' } });
    expect(res.code).toBe(0);
    // eslint-disable-next-line no-control-regex -- looks for the ESC byte of ANSI sequences.
    expect(res.stdout + res.stderr).not.toMatch(/\u001b\[|[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
  });
});
