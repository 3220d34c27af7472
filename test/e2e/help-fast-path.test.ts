/**
 * The help fast path in the real process: the built CLI answers a help request from the screens
 * `npm run build` stored, without loading yargs, and anything else goes through yargs. Which modules
 * a run loaded is read from a resolve hook (test/support/trace-imports.ts).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../support/cli.js';
import { loadedPackages, TRACE_IMPORTS } from '../support/trace-imports.js';

const SCREENS = new URL('../../packages/cli/dist/help-screens.json', import.meta.url);
const GENERATOR = new URL('../../packages/cli/scripts/help-screens.mjs', import.meta.url);

function traced(args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; loadedYargs: boolean } {
  const child = spawnSync(process.execPath, ['--import', TRACE_IMPORTS, CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', NO_COLOR: '1', LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '', LANGUAGE: '', ...env },
  });
  return { code: child.status, stdout: child.stdout, loadedYargs: loadedPackages(child.stderr).has('yargs') };
}

describe('hplugin help screens from the build', () => {
  let screens: Record<string, Record<string, string>>;
  beforeAll(() => {
    spawnSync(process.execPath, [GENERATOR.pathname], { stdio: 'ignore' });
    screens = (JSON.parse(readFileSync(SCREENS, 'utf8')) as { screens: Record<string, Record<string, string>> }).screens;
  });

  it.each<[string, string[], string]>([
    ['--help', ['--help'], ''],
    ['no arguments', [], ''],
    ['help', ['help'], ''],
    ['help <command>', ['help', 'publish'], 'publish'],
    ['<command> -h', ['build', '-h'], 'build'],
    ['a subcommand', ['config', 'validate', '--help'], 'config validate'],
  ])('%s prints the stored screen without loading yargs', (_name, args, words) => {
    const result = traced(args);
    expect(result).toEqual({ code: 0, stdout: `${screens['100']![words]}\n`, loadedYargs: false });
  });

  it('a translating locale goes to yargs (and gets its German words)', () => {
    const result = traced(['--help'], { LANG: 'de_DE.UTF-8' });
    expect(result.loadedYargs).toBe(true);
    expect(result.stdout).toContain('\nKommandos:\n');
  });

  it.each<[string, string[]]>([
    ['a command', ['config', 'show', '--json', '-C', '/definitely/not/here']],
    ['a help request with another flag', ['build', '--help', '--json']],
    ['an unknown command', ['frobnicate', '--help']],
  ])('%s goes through yargs', (_name, args) => {
    expect(traced(args).loadedYargs).toBe(true);
  });
});
