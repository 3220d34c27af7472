import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hplugin } from '../support/cli.js';

// One semver rule (@hplugin/rules) for every command: `new` used to accept 1.0.0-rc..1 (an empty
// pre-release part) and write a plugin that config, build and package then refused.
describe('the version rule is the same for new and for every other command', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hplugin-version-rule-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('new --set version=1.0.0-rc..1 is refused as bad input and writes nothing', async () => {
    const res = await hplugin(
      ['new', 'rc-plugin', '--template', 'go-minimal', '--yes', '--no-tidy', '--set', 'version=1.0.0-rc..1', '--json'],
      { cwd: dir },
    );
    expect(res.code).toBe(2);
    expect(res.json().error).toMatchObject({ code: 'SCAFFOLD_INVALID_VALUE', details: { parameter: 'version', value: '1.0.0-rc..1' } });
    expect(existsSync(join(dir, 'rc-plugin'))).toBe(false);
  });

  it('config and package refuse the same version, from --version and from VERSION', async () => {
    const created = await hplugin(
      ['new', 'ok-plugin', '--template', 'go-minimal', '--yes', '--no-tidy', '--set', 'version=1.0.0-rc.1', '--json'],
      { cwd: dir },
    );
    expect(created.code).toBe(0);
    const plugin = join(dir, 'ok-plugin');

    const pkg = await hplugin(['package', plugin, '--version', '1.0.0-rc..1', '--json'], { cwd: dir });
    expect(pkg.code).toBe(2);
    expect(pkg.json().error).toMatchObject({ code: 'CONFIG_INVALID', details: { path: 'version', source: '--version' } });

    await writeFile(join(plugin, 'VERSION'), '1.0.0-rc..1\n');
    const show = await hplugin(['config', 'show', plugin, '--json'], { cwd: dir });
    expect(show.code).toBe(2);
    expect(show.json().error).toMatchObject({ code: 'CONFIG_INVALID', details: { path: 'version', source: 'VERSION' } });
  });
});
