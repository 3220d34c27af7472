/**
 * `hplugin new` on a real terminal (tmux): it asks which template, showing what each is for, offers
 * a name, and takes every default on Enter; a folder in the way is reported before any question.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { CLI } from '../support/cli.js';
import { openTerminal, type Terminal } from '../support/tmux.js';

const root = mkdtempSync(join(tmpdir(), 'hplugin-new-tty-'));
const terminals: Terminal[] = [];
afterAll(async () => {
  for (const t of terminals) await t.close();
  rmSync(root, { recursive: true, force: true });
});

async function terminal(cwd: string): Promise<Terminal> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', TERM: 'xterm-256color', HPLUGIN_CACHE_DIR: join(root, 'cache') };
  delete env.CI;
  const t = await openTerminal({ cwd, env });
  terminals.push(t);
  return t;
}

it('asks for the template with descriptions, offers my-plugin (my-plugin-2 when taken), and makes it on Enter', async () => {
  const dir = join(root, 'fresh');
  mkdirSync(join(dir, 'my-plugin'), { recursive: true });
  const term = await terminal(dir);
  await term.run(`node ${CLI} new --no-tidy`);
  const menu = await term.waitFor(/\? Template[\s\S]*tinygo/, 30_000);
  expect(menu, term.screen()).toBeDefined();
  expect(term.screen()).toMatch(/go-http {5}HTTP filter on the Go 1\.24 wasm-go SDK/);
  expect(term.screen()).toMatch(/go-minimal {2}The smallest wasm-go SDK plugin/);
  await term.keys('Enter');
  expect(await term.waitFor(/\? Plugin name \(my-plugin-2\)/, 10_000), term.screen()).toBeDefined();
  // Every further question has a default: Enter takes it.
  for (let i = 0; i < 20 && !/^EXIT=/m.test(term.screen()); i++) {
    await term.keys('Enter');
    // The next question: a "? " line with no answered "✔" line after it (or the end).
    await term.waitFor(/^EXIT=|\? (?![\s\S]*✔)/m, 2_000);
  }
  expect(await term.exitCode(10_000), term.screen()).toBe(0);
  expect(term.screen()).toContain('✓ Created my-plugin-2 from go-http');
  expect(existsSync(join(dir, 'my-plugin-2', 'main.go'))).toBe(true);
});

it('reports an existing folder before asking anything', async () => {
  const dir = join(root, 'taken');
  mkdirSync(join(dir, 'demo'), { recursive: true });
  writeFileSync(join(dir, 'demo', 'keep.txt'), 'mine\n');
  const term = await terminal(dir);
  await term.run(`node ${CLI} new demo`);
  expect(await term.exitCode(30_000), term.screen()).toBe(2);
  expect(term.screen()).toMatch(/error\[SCAFFOLD_TARGET_NOT_EMPTY\]: .*demo already exists and is not empty/);
  expect(term.screen()).not.toMatch(/^\? /m);
});
