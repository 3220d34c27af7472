/**
 * The compiler's head start with the real Go toolchain and the real CLI process: bin/hplugin.js
 * starts `go build` on a guess before the argument parser and the config loader load, and the build
 * takes it only when it planned the very same command. These tests check the three ways that can
 * end (taken, discarded because the plan differs, discarded because nothing needs compiling) and
 * that each leaves the same module and no temp files or Go work folders behind, plus a compile
 * error reported exactly as without a head start.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hplugin } from '../support/cli.js';
import { expectOk, scaffoldPlugin, type PluginFixture } from './support-plugin.js';

let fx: PluginFixture;
/** The module the fixture built the ordinary way (dist/ present, so no head start): the reference bytes. */
let reference: string;

beforeAll(async () => {
  fx = await scaffoldPlugin('headstart');
  reference = await sha256Of(join(fx.template, 'dist', 'plugin.wasm'));
});

afterAll(async () => {
  await fx?.cleanup();
});

async function sha256Of(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

/** A copy of the plugin that was never built here, with a build cache of its own (a cold build). */
async function coldCopy(): Promise<{ dir: string; env: NodeJS.ProcessEnv }> {
  const dir = await fx.copy();
  await rm(join(dir, 'dist'), { recursive: true, force: true });
  return { dir, env: { ...fx.env, HPLUGIN_CACHE_DIR: join(dir, '..', 'cache') } };
}

/** hplugin's temp files in dist/ and Go's work folders in TMPDIR: what a killed compiler could leave. */
async function leftovers(dir: string): Promise<string[]> {
  const dist = await readdir(join(dir, 'dist')).catch(() => []);
  const tmp = await readdir(fx.env.TMPDIR!);
  return [...dist.filter((n) => n.endsWith('.tmp')), ...tmp.filter((n) => n.startsWith('go-build'))];
}

/** Go removes its work folder on SIGINT a moment after hplugin exits: wait for that, up to 5 s. */
async function noLeftoversSoon(dir: string): Promise<string[]> {
  let left = await leftovers(dir);
  for (let i = 0; i < 50 && left.length > 0; i++) {
    await new Promise((r) => setTimeout(r, 100));
    left = await leftovers(dir);
  }
  return left;
}

describe('compiler head start (real go)', () => {
  it('a cold build takes the go started before the plan, and writes the same module as an ordinary build', async () => {
    const { dir, env } = await coldCopy();
    const result = expectOk(await hplugin(['build', '--verbose'], { cwd: dir, env }), 'cold build');
    expect(result.stderr).toMatch(/go build has been running for \d+ ms \(started before the plan, same command\)/);
    expect(await sha256Of(join(dir, 'dist', 'plugin.wasm'))).toBe(reference);
    expect(await leftovers(dir)).toEqual([]);
  });

  it('a cold publish to the local layout takes it too', async () => {
    const { dir, env } = await coldCopy();
    const result = expectOk(await hplugin(['publish', '--verbose'], { cwd: dir, env }), 'cold publish');
    expect(result.stderr).toMatch(/go build has been running for \d+ ms/);
    expect(await sha256Of(join(dir, 'dist', 'plugin.wasm'))).toBe(reference);
  });

  it('a plan that differs from the guess stops the early go and builds what the config says', async () => {
    const { dir, env } = await coldCopy();
    // Flow-style YAML: the head start's line check does not see its build settings, so it guesses
    // the default command; the plan (from the real YAML parser) adds the tag, which compiles one
    // more file into the module.
    await writeFile(join(dir, 'hplugin.config.yaml'), '{name: headstart, build: {tags: [headstart]}}\n');
    await writeFile(
      join(dir, 'tagged.go'),
      '//go:build headstart\n\npackage main\n\nfunc init() { println("built with the headstart tag") }\n',
    );
    const result = expectOk(await hplugin(['build', '--verbose'], { cwd: dir, env }), 'build with tags');
    expect(result.stderr).toContain('compiler head start discarded: the planned command differs from the guessed one');
    expect(result.stderr).not.toContain('go build has been running');
    expect((await readFile(join(dir, 'dist', 'plugin.wasm'))).includes('built with the headstart tag')).toBe(true);
    expect(await noLeftoversSoon(dir)).toEqual([]);
  });

  it('a cache hit stops the early go: nothing is compiled and nothing is left behind', async () => {
    const { dir, env } = await coldCopy();
    expectOk(await hplugin(['build'], { cwd: dir, env }), 'first build');
    await rm(join(dir, 'dist'), { recursive: true });
    const result = expectOk(await hplugin(['build', '--verbose'], { cwd: dir, env }), 'build from the cache');
    expect(result.stderr).toContain('plugin.wasm is up to date (cached');
    expect(result.stderr).not.toContain('go build has been running');
    expect(await sha256Of(join(dir, 'dist', 'plugin.wasm'))).toBe(reference);
    expect(await noLeftoversSoon(dir)).toEqual([]);
  });

  it('an up-to-date output gets no head start at all, and says why with --verbose', async () => {
    const dir = await fx.copy();
    // The copy's files all have new times: the output is made the newest, as after a build.
    const later = new Date(Date.now() + 1000);
    await utimes(join(dir, 'dist', 'plugin.wasm'), later, later);
    const result = expectOk(await hplugin(['build', '--verbose'], { cwd: dir, env: fx.env }), 'build again');
    expect(result.stderr).toMatch(/no compiler head start: .*dist\/plugin\.wasm is newer than its sources/);
  });

  it('a compile error in the early go is reported as BUILD_FAILED with go’s own words', async () => {
    const { dir, env } = await coldCopy();
    await writeFile(join(dir, 'broken.go'), 'package main\n\nfunc broken( {\n');
    const result = await hplugin(['build', '--json'], { cwd: dir, env });
    expect(result.code).toBe(1);
    const error = result.json().error;
    expect(error.code).toBe('BUILD_FAILED');
    expect(error.message).toMatch(/broken\.go:3:\d+: syntax error/);
    expect(await leftovers(dir)).toEqual([]);
  });
});
