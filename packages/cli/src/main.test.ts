import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './index.js';
import { fakeIo } from './__fixtures__/fake-io.js';

function folder(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'cli-unit-')), 'demo');
  mkdirSync(dir);
  writeFileSync(join(dir, 'VERSION'), '1.0.0\n');
  return dir;
}

describe('argv parsing', () => {
  it.each<[string, string[], number, RegExp]>([
    ['version flag', ['--version'], 0, /^\d+\.\d+\.\d+\n$/],
    ['short version flag', ['-V'], 0, /^\d+\.\d+\.\d+\n$/],
    ['help flag', ['--help'], 0, /Commands:/],
    ['no arguments shows help', [], 0, /Commands:/],
    ['subcommand help', ['config', '--help'], 0, /config validate/],
    ["help <command> is the command's help", ['help', 'build'], 0, /^hplugin build \[dir\]\n[\s\S]*--force/],
    ['help alone is the overview', ['help'], 0, /Commands:/],
  ])('%s', async (_name, argv, code, stdout) => {
    const t = fakeIo();
    expect(await run(argv, t.io)).toBe(code);
    expect(t.out()).toMatch(stdout);
  });

  it.each<[string, string[], RegExp]>([
    ['unknown command', ['frobnicate'], /error\[USAGE\]: Unknown argument: frobnicate/],
    ['unknown flag', ['config', '--nope'], /Unknown argument: nope$/m],
    ['a misspelt flag gets the flag it resembles', ['build', '--forse'], /Unknown argument: forse\. --forse: did you mean --force\?/],
    ['a misspelt command gets the command it resembles', ['biuld'], /Did you mean build\?/],
    [
      'a bad --tag is refused before any work',
      ['publish', '-C', '/definitely/not/here', '--tag', 'bad tag!'],
      /error\[REF_INVALID\]: --tag "bad tag!": the tag "bad tag!" may only contain/,
    ],
    [
      'an uppercase --repository is refused before any work',
      ['publish', '-C', '/definitely/not/here', '--repository', 'Team/Plugin'],
      /error\[REF_INVALID\]: --repository "Team\/Plugin" contains uppercase letters/,
    ],
    [
      'a bad --registry is refused before any work',
      ['publish', '-C', '/definitely/not/here', '--registry', 'bad host!'],
      /error\[PUBLISH_REGISTRY_INVALID\]: --registry "bad host!"/,
    ],
    [
      '--concurrency 0 is refused before any work',
      ['build', '--all', '-C', '/definitely/not/here', '--concurrency', '0'],
      /error\[USAGE\]: --concurrency must be a whole number of plugins, 1 or more \(got "0"\)/,
    ],
    [
      '--concurrency abc is refused before any work',
      ['build', '--all', '-C', '/definitely/not/here', '--concurrency', 'abc'],
      /error\[USAGE\]: --concurrency must be a whole number/,
    ],
    [
      'an empty --filter is refused before any work',
      ['build', '--filter', '', '-C', '/definitely/not/here'],
      /error\[USAGE\]: --filter needs a plugin name/,
    ],
    ['verbose conflicts with quiet', ['config', '-v', '-q'], /mutually exclusive/],
  ])('%s is a usage error with exit 2', async (_name, argv, stderr) => {
    const t = fakeIo();
    expect(await run(argv, t.io)).toBe(2);
    expect(t.err()).toMatch(stderr);
    expect(t.out()).toBe('');
  });

  it('--cwd/-C selects the plugin folder', async () => {
    const dir = folder();
    for (const flag of ['--cwd', '-C']) {
      const t = fakeIo();
      expect(await run(['config', '--json', flag, dir], t.io)).toBe(0);
      expect(JSON.parse(t.out()).pluginDir).toBe(dir);
    }
  });

  it('--json turns a usage error into a JSON document', async () => {
    const t = fakeIo();
    expect(await run(['config', '--json', '--nope'], t.io)).toBe(2);
    expect(JSON.parse(t.out())).toMatchObject({ ok: false, error: { code: 'USAGE', docs: 'docs/error-codes.md#usage' } });
  });

  it('--verbose adds the docs entry of the code; the normal output stays code, message and hint', async () => {
    const quiet = fakeIo();
    expect(await run(['config', '-C', '/definitely/not/here'], quiet.io)).toBe(2);
    expect(quiet.err()).toMatch(/^error\[CONFIG_DIR_NOT_FOUND\]: .*\nhint: .*\n$/);
    const verbose = fakeIo();
    await run(['config', '-v', '-C', '/definitely/not/here'], verbose.io);
    expect(verbose.err()).toMatch(/^more: docs\/error-codes\.md#config_dir_not_found$/m);
  });

  it('--verbose adds the stack trace, and only then', async () => {
    const quiet = fakeIo();
    await run(['config', '-C', '/definitely/not/here'], quiet.io);
    expect(quiet.err()).not.toMatch(/\n\s+at /);
    const verbose = fakeIo();
    await run(['config', '-v', '-C', '/definitely/not/here'], verbose.io);
    expect(verbose.err()).toMatch(/\n\s+at /);
  });
});
