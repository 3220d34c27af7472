/**
 * Plugin folders for the reliability suites: one real `hplugin new` + Go build per test file,
 * copied for each case (a copy keeps the warm Go build cache and costs milliseconds).
 * Every temp folder made here is removed by `removeTempDirs()` (call it in afterAll).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { hplugin, type CliResult } from '../../support/cli.js';

const made: string[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `hplugin-rel-${prefix}-`));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * The environment every spawned CLI gets: its own build cache and docker config, and none of the
 * developer's registry variables, so a test never reads or writes anything outside its temp dirs.
 */
export function isolatedEnv(root: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('HPLUGIN_') || key === 'DOCKER_CONFIG') delete env[key];
  return { ...env, HPLUGIN_CACHE_DIR: join(root, 'cache'), DOCKER_CONFIG: join(root, 'docker'), ...extra };
}

/** Scaffold the go-http template under `parent` with the built CLI; returns the plugin folder. */
export async function scaffoldPlugin(parent: string, name: string, env: NodeJS.ProcessEnv): Promise<string> {
  const res = await hplugin(['new', name, '--yes'], { cwd: parent, env });
  expectOk(res, `hplugin new ${name}`);
  return join(parent, name);
}

/** A copy of a plugin folder without its build output. */
export function copyPlugin(from: string, to: string): string {
  cpSync(from, to, { recursive: true, filter: (src) => !src.startsWith(join(from, 'dist')) });
  return to;
}

export function expectOk(res: CliResult, what: string): void {
  expect(res.code, `${what} failed:\n${res.stdout}\n${res.stderr}`).toBe(0);
}
