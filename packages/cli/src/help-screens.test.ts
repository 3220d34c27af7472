import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from './commands/index.js';
import type { Command } from './command.js';
import {
  HELP_SCREENS_FILE,
  STORED_WIDTHS,
  helpFingerprint,
  helpRequestWords,
  storedHelpScreen,
  yargsLocaleFile,
  type StoredHelpScreens,
} from './help-screens.js';
import { run } from './index.js';
import { fakeIo } from './__fixtures__/fake-io.js';

const CLI_DIR = new URL('..', import.meta.url);
const ENGLISH = { LANG: 'en_US.UTF-8' };

/** What yargs prints for argv at this width: run() with a test io always renders with yargs. */
async function yargsRendering(argv: string[], width: number): Promise<string> {
  const t = fakeIo(ENGLISH);
  Object.assign(t.io.stdout, { columns: width });
  expect(await run(argv, t.io)).toBe(0);
  return t.out();
}

/** `config show` for every command and subcommand of the specs (aliases and the `$0` default left out). */
function specWords(specs: readonly Command[], prefix = ''): string[] {
  return specs.flatMap((spec) => {
    const first = [spec.command].flat()[0]!.split(' ')[0]!;
    const words = prefix ? `${prefix} ${first}` : first;
    return [words, ...specWords(spec.subcommands ?? [], words)];
  });
}

describe('the stored help screens of the build', () => {
  let stored: StoredHelpScreens;
  beforeAll(() => {
    // Rendered again from the current build, as `npm run build` does.
    execFileSync(process.execPath, [new URL('scripts/help-screens.mjs', CLI_DIR).pathname], { stdio: 'ignore' });
    stored = JSON.parse(readFileSync(new URL(`dist/${HELP_SCREENS_FILE}`, CLI_DIR), 'utf8')) as StoredHelpScreens;
  });

  it('hold every command and subcommand, at every stored width', () => {
    const expected = ['', ...specWords(COMMANDS)].sort();
    for (const width of STORED_WIDTHS) expect(Object.keys(stored.screens[width]!).sort()).toEqual(expected);
  });

  it("are exactly yargs' own rendering of every `<command> --help` at every width", async () => {
    let compared = 0;
    for (const width of STORED_WIDTHS) {
      for (const [words, screen] of Object.entries(stored.screens[width]!)) {
        expect(await yargsRendering([...words.split(' ').filter(Boolean), '--help'], width), `${words} at ${width}`).toBe(`${screen}\n`);
        compared++;
      }
    }
    expect(compared).toBe(STORED_WIDTHS.length * (1 + specWords(COMMANDS).length));
  });

  it('are what `hplugin`, `hplugin help`, `hplugin help <command>` and `-h` print', async () => {
    expect(await yargsRendering([], 100)).toBe(`${stored.screens[100]!['']}\n`);
    expect(await yargsRendering(['help'], 100)).toBe(`${stored.screens[100]!['']}\n`);
    expect(await yargsRendering(['help', 'config', 'show'], 110)).toBe(`${stored.screens[110]!['config show']}\n`);
    expect(await yargsRendering(['key', 'generate', '-h'], 80)).toBe(`${stored.screens[80]!['key generate']}\n`);
  });

  it('match this build, so the fast path answers a help request from them', () => {
    expect(storedHelpScreen(['build', '--help'], undefined, ENGLISH, new URL(`dist/${HELP_SCREENS_FILE}`, CLI_DIR))).toBe(
      stored.screens[100]!['build'],
    );
  });
});

describe('storedHelpScreen', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-help-screens-'));
  const dirUrl = pathToFileURL(`${dir}/`);
  const file = new URL(HELP_SCREENS_FILE, dirUrl);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A stored file whose fingerprint covers one module, a.js, with this content. */
  function store(moduleText: string): void {
    writeFileSync(join(dir, 'a.js'), moduleText);
    const screens = { '': 'OVERVIEW', build: 'BUILD', 'config show': 'CONFIG SHOW' };
    const stored: StoredHelpScreens = {
      files: ['a.js'],
      fingerprint: helpFingerprint(dirUrl, ['a.js']),
      yargsLocales: ['de', 'en', 'pt_BR'],
      locales: ['en', ''],
      screens: { 80: screens, 100: screens, 110: screens },
    };
    writeFileSync(file, JSON.stringify(stored));
  }

  it('answers the help requests the file holds', () => {
    store('export const a = 1;\n');
    expect(storedHelpScreen(['--help'], undefined, ENGLISH, file)).toBe('OVERVIEW');
    expect(storedHelpScreen(['-h'], 120, ENGLISH, file)).toBe('OVERVIEW');
    expect(storedHelpScreen(['config', 'show', '--help'], 80, {}, file)).toBe('CONFIG SHOW');
  });

  it('falls back to yargs when a fingerprinted file changed or is gone since the rendering (a stale file)', () => {
    store('export const a = 1;\n');
    writeFileSync(join(dir, 'a.js'), 'export const a = 2;\n');
    expect(storedHelpScreen(['build', '--help'], undefined, ENGLISH, file)).toBeUndefined();
    rmSync(join(dir, 'a.js'));
    expect(storedHelpScreen(['build', '--help'], undefined, ENGLISH, file)).toBeUndefined();
  });

  it('falls back to yargs when no file was rendered (a bare tsc -b) or it is not JSON', () => {
    expect(storedHelpScreen(['--help'], undefined, ENGLISH, new URL('missing.json', dirUrl))).toBeUndefined();
    writeFileSync(join(dir, 'broken.json'), '{"screens":');
    expect(storedHelpScreen(['--help'], undefined, ENGLISH, new URL('broken.json', dirUrl))).toBeUndefined();
  });

  it('never answers a request that is not a pure help request', () => {
    store('export const a = 1;\n');
    for (const argv of [
      [],
      ['build'],
      ['build', '--help', '--json'],
      ['--help', 'build'],
      ['publish', '--registry', 'x', '--help'],
      ['build', '.', '--help'],
      ['--version'],
      ['config', 'show'],
    ]) {
      expect(helpRequestWords(argv), argv.join(' ')).toBeUndefined();
      expect(storedHelpScreen(argv, undefined, ENGLISH, file), argv.join(' ')).toBeUndefined();
    }
  });

  it('falls back for a command or width with no stored screen', () => {
    store('export const a = 1;\n');
    expect(storedHelpScreen(['frobnicate', '--help'], undefined, ENGLISH, file)).toBeUndefined();
    expect(storedHelpScreen(['--help'], 72, ENGLISH, file)).toBeUndefined();
  });

  it('falls back when yargs would translate its own words (its locale detection)', () => {
    store('export const a = 1;\n');
    expect(storedHelpScreen(['--help'], undefined, { LANG: 'de_DE.UTF-8' }, file)).toBeUndefined();
    expect(storedHelpScreen(['--help'], undefined, { LANG: 'en_US.UTF-8', LC_ALL: 'pt_BR.UTF-8' }, file)).toBeUndefined();
    expect(storedHelpScreen(['--help'], undefined, { LANG: 'C.UTF-8' }, file)).toBe('OVERVIEW');
    expect(storedHelpScreen(['--help'], undefined, { LANG: 'de_DE', LC_ALL: 'en_GB.UTF-8' }, file)).toBe('OVERVIEW');
  });

  it('reads the locale as yargs and y18n do', () => {
    const available = ['de', 'en', 'pt_BR'];
    expect(yargsLocaleFile({}, available)).toBe('en');
    expect(yargsLocaleFile({ LANG: 'de_AT.UTF-8' }, available)).toBe('de');
    expect(yargsLocaleFile({ LANGUAGE: 'pt_BR:pt' }, available)).toBe('pt_BR');
    expect(yargsLocaleFile({ LC_MESSAGES: 'POSIX', LANG: 'de_DE' }, available)).toBe('');
    expect(yargsLocaleFile({ LC_ALL: '', LANG: 'fr_FR' }, available)).toBe('');
  });
});
