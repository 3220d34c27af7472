/**
 * `hplugin completion`: the bash script, sourced in a real bash with the built CLI on PATH, completes
 * commands, a command's flags and subcommands. zsh and fish are not installed here: their scripts
 * are checked for asking the same question of hplugin, and the answer they parse is checked.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, hplugin } from '../support/cli.js';

const bin = mkdtempSync(join(tmpdir(), 'hplugin-completion-'));
writeFileSync(join(bin, 'hplugin'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
chmodSync(join(bin, 'hplugin'), 0o755);
afterAll(() => rmSync(bin, { recursive: true, force: true }));

/** What bash offers after typing `words` (the last one being completed). */
async function bashCompletes(words: string[]): Promise<string[]> {
  const script = (await hplugin(['completion', 'bash'])).stdout;
  const line = `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _hplugin_completions; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const out = execFileSync('bash', ['--noprofile', '--norc', '-c', `${script}\n${line}`], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
  });
  return out.split('\n').filter(Boolean);
}

describe('hplugin completion', () => {
  it('bash completes commands, flags of the command typed, and subcommands', async () => {
    expect(await bashCompletes(['hplugin', 'pub'])).toEqual(['publish']);
    expect(await bashCompletes(['hplugin', 'p'])).toEqual(['package', 'publish', 'pull']);
    expect(await bashCompletes(['hplugin', 'build', '--fo'])).toEqual(['--force']);
    expect(await bashCompletes(['hplugin', 'publish', '--re'])).toEqual(['--registry', '--repository']);
    expect(await bashCompletes(['hplugin', 'config', 'v'])).toEqual(['validate']);
    expect(await bashCompletes(['hplugin', 'comp'])).toEqual(['completion']);
  });

  it('zsh gets "name:description" pairs for _describe; fish gets bare names', async () => {
    const zsh = (await hplugin(['completion', 'zsh'])).stdout;
    expect(zsh).toMatch(/^#compdef hplugin\n/);
    expect(zsh).toContain('SHELL=/bin/zsh hplugin --get-yargs-completions');
    const zshAnswer = await hplugin(['--get-yargs-completions', 'hplugin', 'pu'], { env: { SHELL: '/bin/zsh' } });
    expect(zshAnswer.stdout).toMatch(/^publish:Push the plugin to its registry/m);
    const fish = (await hplugin(['completion', 'fish'])).stdout;
    expect(fish).toContain("complete -c hplugin -f -a '(__hplugin_complete)'");
    expect(fish).toContain('env SHELL=/bin/bash hplugin --get-yargs-completions (commandline -opc) (commandline -ct)');
    const fishAnswer = await hplugin(['--get-yargs-completions', 'hplugin', 'build', '--f'], { env: { SHELL: '/bin/bash' } });
    expect(fishAnswer.stdout.split('\n')).toContain('--force');
    expect(fishAnswer.stdout).not.toContain(':');
  });

  it('takes the shell from $SHELL, and says so when it cannot', async () => {
    expect((await hplugin(['completion'], { env: { SHELL: '/usr/bin/fish' } })).stdout).toContain('complete -c hplugin');
    const unknown = await hplugin(['completion'], { env: { SHELL: '/bin/tcsh' } });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('error[COMPLETION_SHELL_UNKNOWN]');
  });
});
