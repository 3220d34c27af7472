/**
 * Ctrl-C as a person presses it: the CLI runs in a real terminal (tmux), with its spinner up, and
 * the key goes through the terminal, which turns it into SIGINT for the foreground process group.
 * A cold build (empty Go cache: Go is compiling the standard library) and a publish whose upload
 * the registry holds must both stop, print "cancelled", exit 130, and leave nothing half-written:
 * no module or temp file in dist/, no build cache entry, no tag in the registry. SIGTERM (what a CI
 * runner sends) does the same without a terminal.
 * The 2 s is how long the test waits for the exit status, not a measurement of speed.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROUTES, startFaultProxy, startRegistry, type FaultProxy, type RegistryHandle } from '../harness/index.js';
import { CLI, hplugin } from '../support/cli.js';
import { openTerminal, type Terminal } from '../support/tmux.js';
import { copyPlugin, expectOk, isolatedEnv, removeTempDirs, scaffoldPlugin, tempDir } from './support/fixture.js';
import { checkBuildCache, checkLayout } from './support/layout-check.js';
import { listTags } from './support/registry-state.js';
import { startCli, waitFor } from './support/spawn.js';

let root: string;
let plugin: string;
let registry: RegistryHandle;
let proxy: FaultProxy;
const terminals: Terminal[] = [];

beforeAll(async () => {
  root = tempDir('ctrl-c');
  const env = isolatedEnv(root);
  plugin = await scaffoldPlugin(root, 'stoppable', env);
  expectOk(await hplugin(['package'], { cwd: plugin, env }), 'hplugin package');
  registry = await startRegistry({});
  // Every blob upload is held: the publish is mid-transfer for as long as the test wants.
  proxy = await startFaultProxy({ target: registry, plan: { rules: [{ ...ROUTES.uploadFinish, fault: { type: 'stall', ms: 120_000 } }] } });
});

afterAll(async () => {
  for (const t of terminals) await t.close();
  await proxy?.stop();
  await registry?.stop();
  removeTempDirs();
});

async function terminal(cwd: string, env: NodeJS.ProcessEnv): Promise<Terminal> {
  const t = await openTerminal({ cwd, env: { ...env, NO_COLOR: '1', TERM: 'xterm-256color' } });
  terminals.push(t);
  return t;
}

const tempFiles = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.tmp') || n.startsWith('.')) : [];

it('Ctrl-C during a cold build stops the compiler, prints "cancelled", exits 130, and writes no module', async () => {
  const dir = copyPlugin(plugin, join(root, 'build-copy'));
  // An empty Go build cache: Go compiles the standard library, so the build is long enough to stop.
  const env = isolatedEnv(root, { HPLUGIN_CACHE_DIR: join(root, 'cold-cache'), GOCACHE: join(root, 'cold-gocache') });
  const term = await terminal(dir, env);
  await term.run(`node ${CLI} build`);
  expect(await term.waitFor(/Compiling /, 120_000), term.screen()).toBeDefined();
  await term.keys('C-c');
  const code = await term.exitCode(2_000);
  expect(code, term.screen()).toBe(130);
  expect(term.screen()).toMatch(/^cancelled: Interrupted \(Ctrl-C\)/m);
  expect(term.screen()).not.toMatch(/error\[|INTERNAL| {4}at /);
  expect(existsSync(join(dir, 'dist', 'plugin.wasm'))).toBe(false);
  expect(tempFiles(join(dir, 'dist'))).toEqual([]);
  const cache = checkBuildCache(env.HPLUGIN_CACHE_DIR!);
  expect(cache.problems).toEqual([]);
  expect(cache.entries).toBe(0);
});

it('Ctrl-C during a publish stops the upload, prints "cancelled", exits 130, and writes no tag', async () => {
  const dir = copyPlugin(plugin, join(root, 'publish-copy'));
  const env = isolatedEnv(root);
  expectOk(await hplugin(['package'], { cwd: dir, env }), 'hplugin package');
  const layoutBefore = checkLayout(join(dir, 'dist', 'oci'));
  const term = await terminal(dir, env);
  proxy.resetStats();
  await term.run(`node ${CLI} publish --registry ${proxy.host}/held`);
  // Held by the registry mid-upload: the request is in flight when the key arrives.
  const held = Date.now() + 60_000;
  while (proxy.stats.byType.stall === 0 && Date.now() < held) await new Promise((r) => setTimeout(r, 50));
  expect(proxy.stats.byType.stall, term.screen()).toBeGreaterThan(0);
  await term.keys('C-c');
  const code = await term.exitCode(2_000);
  expect(code, term.screen()).toBe(130);
  expect(term.screen()).toMatch(/^cancelled: Interrupted \(Ctrl-C\)/m);
  expect(term.screen()).not.toMatch(/error\[|INTERNAL| {4}at /);
  // Asked of the registry directly: the tag was never written (tags go last).
  expect(await listTags(registry, 'held/stoppable')).toEqual([]);
  // The local layout is as it was.
  expect(checkLayout(join(dir, 'dist', 'oci')).problems).toEqual(layoutBefore.problems);
});

it('Ctrl-C at a prompt of `hplugin new` prints "cancelled", exits 130, and writes nothing', async () => {
  const dir = tempDir('ctrl-c-prompt');
  const term = await terminal(dir, isolatedEnv(root));
  await term.run(`node ${CLI} new`);
  // The first question of `new` on a terminal: which template.
  expect(await term.waitFor(/\? Template/, 30_000), term.screen()).toBeDefined();
  await term.keys('C-c');
  expect(await term.exitCode(2_000), term.screen()).toBe(130);
  expect(term.screen()).toMatch(/^cancelled: Cancelled at the prompt/m);
  expect(term.screen()).not.toMatch(/error\[/);
  expect(readdirSync(dir).filter((n) => !n.startsWith('.tmux-env'))).toEqual([]);
});

it('SIGTERM to a publish held mid-upload (no terminal, --json): CANCELLED, exit 130, no tag', async () => {
  const dir = copyPlugin(plugin, join(root, 'sigterm-copy'));
  const env = isolatedEnv(root);
  expectOk(await hplugin(['package'], { cwd: dir, env }), 'hplugin package');
  proxy.resetStats();
  const running = startCli(['publish', '--registry', `${proxy.host}/termed`, '--json'], { cwd: dir, env });
  expect(await waitFor(() => proxy.stats.byType.stall > 0, running)).toBe(true);
  process.kill(running.pid, 'SIGTERM');
  const ended = await running.done;
  expect(ended.code, ended.stderr).toBe(130);
  expect(ended.json()).toMatchObject({
    ok: false,
    error: { code: 'CANCELLED', message: expect.stringMatching(/^Terminated \(SIGTERM\)/) },
  });
  expect(ended.stderr).toBe('');
  expect(await listTags(registry, 'termed/stoppable')).toEqual([]);
});
