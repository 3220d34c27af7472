import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { HpluginError, silentReporter } from '@hplugin/core';
import { changedPlugins, filterPlugins, runMany, renderTable, type PluginRef } from './index.js';

const refs = (names: string[]): PluginRef[] => names.map((n) => ({ dir: `/ws/plugins/${n}`, path: `plugins/${n}`, name: n }));

describe('runMany', () => {
  it('never runs more than `concurrency` tasks at once and keeps the input order', async () => {
    let running = 0;
    let peak = 0;
    const out = await runMany(
      refs(['a', 'b', 'c', 'd', 'e']),
      async (p) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return p.name.toUpperCase();
      },
      { concurrency: 2, reporter: silentReporter() },
    );
    expect(peak).toBe(2);
    expect(out.map((o) => (o.status === 'ok' ? o.result : o.status))).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('fails fast by default, and carries on with continueOnError', async () => {
    const task = async (p: PluginRef) => {
      if (p.name === 'b') throw new HpluginError('BUILD_FAILED', 'b broke');
      return p.name;
    };
    const fast = await runMany(refs(['a', 'b', 'c', 'd']), task, { concurrency: 1, reporter: silentReporter() });
    expect(fast.map((o) => o.status)).toEqual(['ok', 'failed', 'not-run', 'not-run']);
    const all = await runMany(refs(['a', 'b', 'c', 'd']), task, { concurrency: 1, continueOnError: true, reporter: silentReporter() });
    expect(all.map((o) => o.status)).toEqual(['ok', 'failed', 'ok', 'ok']);
  });
});

describe('selection', () => {
  it('filters by name or glob, and says so when nothing matches', () => {
    const all = refs(['key-auth', 'basic-auth', 'request-block']);
    expect(filterPlugins(all, ['*-auth']).map((p) => p.name)).toEqual(['key-auth', 'basic-auth']);
    expect(filterPlugins(all, ['plugins/request-*']).map((p) => p.name)).toEqual(['request-block']);
    expect(() => filterPlugins(all, ['nope'])).toThrow(/matches none of the 3 plugins/);
  });

  it('maps files changed since a ref (committed, modified, untracked) to their plugins', async () => {
    const root = mkdtempSync(join(tmpdir(), 'changed-'));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'pipe' });
    git('init', '-q');
    git('config', 'user.email', 't@example.com');
    git('config', 'user.name', 't');
    for (const n of ['a', 'b', 'c']) {
      mkdirSync(join(root, 'plugins', n), { recursive: true });
      writeFileSync(join(root, 'plugins', n, 'main.go'), 'package main\n');
    }
    writeFileSync(join(root, 'hplugin.config.yaml'), 'workspace: {}\n');
    git('add', '.');
    git('commit', '-qm', 'base');
    const plugins = refs(['a', 'b', 'c']).map((p) => ({ ...p, dir: join(root, p.path) }));
    expect(await changedPlugins(root, plugins, 'HEAD')).toEqual([]);
    writeFileSync(join(root, 'plugins', 'b', 'main.go'), 'package main // changed\n');
    writeFileSync(join(root, 'plugins', 'c', 'new.go'), 'package main\n');
    expect((await changedPlugins(root, plugins, 'HEAD')).map((p) => p.name)).toEqual(['b', 'c']);
    // hplugin's own outputs are no change, though no .gitignore lists them; nor is a cache inside the repository.
    mkdirSync(join(root, 'plugins', 'a', 'dist', 'oci'), { recursive: true });
    writeFileSync(join(root, 'plugins', 'a', 'dist', 'plugin.wasm'), 'wasm');
    writeFileSync(join(root, 'plugins', 'a', 'dist', 'oci', 'index.json'), '{}');
    mkdirSync(join(root, '.cache', 'build'), { recursive: true });
    writeFileSync(join(root, '.cache', 'build', 'entry.json'), '{}');
    expect((await changedPlugins(root, plugins, 'HEAD', { ignoredDirs: [join(root, '.cache')] })).map((p) => p.name)).toEqual(['b', 'c']);
    writeFileSync(join(root, 'hplugin.config.yaml'), 'workspace: {plugins: ["plugins/*"]}\n');
    expect((await changedPlugins(root, plugins, 'HEAD', { sharedFiles: ['hplugin.config.yaml'] })).length).toBe(3);
    await expect(changedPlugins(root, plugins, 'no-such-ref')).rejects.toThrow(/does not know the ref "no-such-ref"/);
  });

  it('renders an aligned summary table', () => {
    expect(
      renderTable(
        ['plugin', 'status'],
        [
          ['a', 'ok'],
          ['long-name', 'failed'],
        ],
      ),
    ).toBe('plugin     status\n---------  ------\na          ok\nlong-name  failed');
  });
});
