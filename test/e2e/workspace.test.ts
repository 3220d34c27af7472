/**
 * A plugin workspace with five real SDK plugins, driven through the built CLI against a real
 * registry: a parallel build, change detection, skip-existing publish and immutable version tags.
 */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type RegistryHandle } from '../harness/index.js';
import { hplugin } from '../support/cli.js';

const NAMES = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
let ws: string;
let registry: RegistryHandle;
let env: NodeJS.ProcessEnv;

type PluginRow = { name: string; status: string; result?: any; error?: { code: string } };
const byName = (doc: { plugins: PluginRow[] }) => Object.fromEntries(doc.plugins.map((p) => [p.name, p]));
const git = (...args: string[]) => execFileSync('git', args, { cwd: ws, stdio: 'pipe' }).toString();

beforeAll(async () => {
  ws = mkdtempSync(join(tmpdir(), 'hplugin-ws-'));
  // A private build cache, so "cached" means cached by this test, not by an earlier run.
  env = { HPLUGIN_CACHE_DIR: join(ws, '.cache') };
  writeFileSync(join(ws, 'hplugin.config.yaml'), 'workspace:\n  plugins: ["plugins/*"]\n');
  writeFileSync(join(ws, '.gitignore'), 'dist/\n.cache/\n');
  mkdirSync(join(ws, 'plugins'));
  for (const name of NAMES) {
    const res = await hplugin(['new', name, '--template', 'go-minimal', '--yes'], { cwd: ws, env });
    expect(res.code, res.stderr).toBe(0);
  }
  git('init', '-q');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '.');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'five plugins');
  registry = await startRegistry();
}, 300_000);

afterAll(async () => {
  await registry?.stop();
});

describe('a five-plugin workspace', () => {
  it('puts new plugins where the workspace globs expect them', () => {
    for (const name of NAMES) expect(readFileSync(join(ws, 'plugins', name, 'VERSION'), 'utf8').trim()).toBe('0.1.0');
  });

  it('builds every plugin in parallel, each output checked, with a summary table', async () => {
    const res = await hplugin(['build', '--all', '--json'], { cwd: ws, env });
    expect(res.code, res.stdout + res.stderr).toBe(0);
    const rows = byName(res.json());
    for (const name of NAMES) {
      expect(rows[name]!.status).toBe('ok');
      expect(rows[name]!.result.check.ok).toBe(true);
      expect(rows[name]!.result.wasmPath).toBe(join(ws, 'plugins', name, 'dist', 'plugin.wasm'));
      expect(readFileSync(rows[name]!.result.wasmPath).subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));
    }
    const human = await hplugin(['build', '--all'], { cwd: ws, env });
    expect(human.stdout).toMatch(/plugin\s+version\s+version from\s+status\s+cached\s+size\s+inputs hash\s+time/);
    expect(human.stdout).toContain('5 plugins: 5 ok (5 cached).');
  });

  it('rebuilds only the plugin whose file changed', async () => {
    appendFileSync(join(ws, 'plugins', 'charlie', 'main.go'), '\n// a change\n');
    const res = await hplugin(['build', '--all', '--json'], { cwd: ws, env });
    const rows = byName(res.json());
    expect(
      Object.entries(rows)
        .filter(([, r]) => !r.result.cached)
        .map(([n]) => n),
    ).toEqual(['charlie']);
    const changed = await hplugin(['build', '--changed-since', 'HEAD', '--json'], { cwd: ws, env });
    expect(changed.json().plugins.map((p: PluginRow) => p.name)).toEqual(['charlie']);
  });

  it('publishes everything once; a second publish uploads nothing', async () => {
    const first = await hplugin(['publish', '--all', '--registry', registry.host, '--json'], { cwd: ws, env });
    expect(first.code, first.stdout + first.stderr).toBe(0);
    for (const row of first.json().plugins as PluginRow[]) {
      expect(row.result.publish.status).toBe('pushed');
      expect(row.result.publish.bytesUploaded).toBeGreaterThan(0);
    }
    const again = await hplugin(['publish', '--all', '--registry', registry.host, '--json'], { cwd: ws, env });
    expect(again.code).toBe(0);
    for (const row of again.json().plugins as PluginRow[]) {
      expect(row.result.publish.status).toBe('unchanged');
      expect(row.result.publish.bytesUploaded).toBe(0);
    }
  });

  it('refuses to move a version tag to new content, and pushes only the bumped plugin', async () => {
    appendFileSync(join(ws, 'plugins', 'delta', 'main.go'), '\n// new behaviour, same version\n');
    const refused = await hplugin(['publish', '--all', '--continue-on-error', '--registry', registry.host, '--json'], { cwd: ws, env });
    expect(refused.code).toBe(1);
    const rows = byName(refused.json());
    expect(rows.delta!.status).toBe('failed');
    expect(rows.delta!.error!.code).toBe('PUBLISH_TAG_IMMUTABLE');
    expect(rows.alpha!.result.publish.status).toBe('unchanged');

    writeFileSync(join(ws, 'plugins', 'delta', 'VERSION'), '0.2.0\n');
    const bumped = await hplugin(['publish', '--all', '--registry', registry.host, '--json'], { cwd: ws, env });
    expect(bumped.code, bumped.stdout).toBe(0);
    const after = byName(bumped.json());
    const pushed = Object.entries(after)
      .filter(([, r]) => r.result.publish.status === 'pushed')
      .map(([n]) => n);
    expect(pushed).toEqual(['delta']);
    expect(after.delta!.result.tags).toEqual(['0.2.0']);
  });

  it('stops at the first failure by default and reports the rest as not run', async () => {
    writeFileSync(join(ws, 'plugins', 'alpha', 'broken.go'), 'package main\n\nvar x int = "not an int"\n');
    const res = await hplugin(['build', '--all', '--concurrency', '1', '--json'], { cwd: ws, env });
    expect(res.code).toBe(1);
    const rows = byName(res.json());
    expect(rows.alpha!.status).toBe('failed');
    expect(rows.alpha!.error!.code).toBe('BUILD_FAILED');
    expect(Object.values(rows).filter((r) => r.status === 'not-run').length).toBe(4);
  });
});
