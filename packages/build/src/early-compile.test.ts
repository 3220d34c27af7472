import { getEventListeners } from 'node:events';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCommand } from './command.js';
import { discardEarlyCompile, startEarlyCompile, takeEarlyCompile } from './early-compile.js';
import { guessEarlyCompile, yamlBuildIsDefault, type EarlyCompileStart } from './early-guess.js';
import { tempDir } from './__fixtures__/fixtures.js';

/** The config `hplugin new` writes: a build section that spells out the defaults. */
const SCAFFOLDED = `# yaml-language-server: $schema=./.hplugin/plugin.config.schema.json
name: demo
build:
  toolchain: go
  main: .
  output: dist/plugin.wasm
package:
  format: higress
`;

/**
 * A plugin folder with go.mod, main.go and a config, and a bin folder holding a fake `go` that
 * writes its -o file after `delayS` seconds (only for the spawn tests; the guesses never run it).
 */
async function pluginFolder(config = SCAFFOLDED, delayS = 0.2): Promise<{ dir: string; env: NodeJS.ProcessEnv; go: string }> {
  const root = await tempDir('hplugin-early-');
  const dir = join(root, 'demo');
  await mkdir(dir);
  await writeFile(join(dir, 'go.mod'), 'module example.com/demo\n\ngo 1.24\n');
  await writeFile(join(dir, 'main.go'), 'package main\n\nfunc main() {}\n');
  if (config) await writeFile(join(dir, 'hplugin.config.yaml'), config);
  const bin = join(root, 'bin');
  await mkdir(bin);
  // A node script, so that SIGINT ends it at once (a shell would wait for its sleep first). It notes
  // its pid beside the plugin, for the tests that check it was stopped.
  const go = join(bin, 'go');
  await writeFile(
    go,
    `#!/usr/bin/env node
const fs = require('node:fs');
const args = process.argv.slice(2);
const out = args[args.indexOf('-o') + 1];
fs.writeFileSync(${JSON.stringify(join(root, 'go.pid'))}, String(process.pid));
setTimeout(() => { fs.mkdirSync(require('node:path').dirname(out), { recursive: true }); fs.writeFileSync(out, 'built ' + args.join(' ')); }, ${delayS * 1000});
`,
  );
  await chmod(go, 0o755);
  return { dir, env: { PATH: bin }, go };
}

/** Resolves once the fake go has started (noted its pid). */
async function fakeGoStarted(dir: string): Promise<void> {
  for (let i = 0; i < 60 && !existsSync(join(dir, '..', 'go.pid')); i++) await new Promise((r) => setTimeout(r, 50));
}

/** Resolves once the fake go whose pid it noted has exited (SIGINT), or fails after 3 s. */
async function fakeGoStopped(dir: string): Promise<void> {
  const pidFile = join(dir, '..', 'go.pid');
  for (let i = 0; i < 60; i++) {
    const pid = existsSync(pidFile) ? Number(await readFile(pidFile, 'utf8')) : undefined;
    if (pid !== undefined) {
      try {
        process.kill(pid, 0);
      } catch {
        return;
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the early compiler is still running');
}

async function tempFilesIn(dir: string): Promise<string[]> {
  return existsSync(dir) ? (await readdir(dir)).filter((n) => n.endsWith('.tmp')) : [];
}

afterEach(() => discardEarlyCompile());

/** The guess for a plain `hplugin build` in `dir`, which these folders always get. */
function guessed(dir: string, env: NodeJS.ProcessEnv): EarlyCompileStart {
  const guess = guessEarlyCompile({ argv: ['build'], cwd: dir, env });
  if ('skipped' in guess) throw new Error(`no guess: ${guess.skipped}`);
  return guess;
}

describe('yamlBuildIsDefault', () => {
  it('accepts no build section, and one that only spells out defaults (quoted or not, with comments)', () => {
    expect(yamlBuildIsDefault('name: x\npackage:\n  format: higress\n')).toBe(true);
    expect(yamlBuildIsDefault(SCAFFOLDED)).toBe(true);
    expect(yamlBuildIsDefault('build:  # defaults\n  toolchain: "go"\n  # main: cmd\n  tags: []\n  env: {}\n  prepare: true\n')).toBe(true);
  });

  it('refuses anything else: another value, an unknown key, inline or imported settings', () => {
    expect(yamlBuildIsDefault('build:\n  toolchain: tinygo\n')).toBe(false);
    expect(yamlBuildIsDefault('build:\n  tags: [x]\n')).toBe(false);
    expect(yamlBuildIsDefault('build:\n  tags:\n    - x\n')).toBe(false);
    expect(yamlBuildIsDefault('build:\n  ldflags: "-s -w"\n')).toBe(false);
    expect(yamlBuildIsDefault('build:\n  output: out/x.wasm\n')).toBe(false);
    expect(yamlBuildIsDefault('build: { toolchain: go }\n')).toBe(false);
    expect(yamlBuildIsDefault('build:\n  <<: *defaults\n')).toBe(false);
    expect(yamlBuildIsDefault('$import: ../shared.yaml\nname: x\n')).toBe(false);
  });
});

describe('guessEarlyCompile', () => {
  it('guesses the default go build for a scaffolded plugin that was never built', async () => {
    const { dir, env, go } = await pluginFolder();
    expect(guessEarlyCompile({ argv: ['publish', '--registry', 'r.example', '--plain-http'], cwd: dir, env })).toEqual({
      pluginDir: dir,
      output: join(dir, 'dist', 'plugin.wasm'),
      go,
    });
  });

  it('finds the folder from a positional argument or --cwd, and never takes a flag value for it', async () => {
    const { dir, env } = await pluginFolder();
    const parent = join(dir, '..');
    expect(guessEarlyCompile({ argv: ['build', 'demo'], cwd: parent, env })).toMatchObject({ pluginDir: dir });
    expect(guessEarlyCompile({ argv: ['package', '--cwd', 'demo', '--json'], cwd: parent, env })).toMatchObject({ pluginDir: dir });
    expect(guessEarlyCompile({ argv: ['publish', '-C=demo'], cwd: parent, env })).toMatchObject({ pluginDir: dir });
    expect(guessEarlyCompile({ argv: ['publish', '--repository', 'demo'], cwd: dir, env })).toMatchObject({ pluginDir: dir });
  });

  it('makes no guess for flags it does not know, workspaces or stray words', async () => {
    const { dir, env } = await pluginFolder();
    expect(guessEarlyCompile({ argv: ['build', '--all'], cwd: dir, env })).toEqual({ skipped: '--all is not a flag the head start knows' });
    expect(guessEarlyCompile({ argv: ['publish', '--ca-file', 'ca.pem'], cwd: dir, env })).toMatchObject({ skipped: expect.any(String) });
    expect(guessEarlyCompile({ argv: ['publish', '--registry'], cwd: dir, env })).toEqual({ skipped: '--registry has no value' });
  });

  it('makes no guess when the build may differ from the default command', async () => {
    const tags = await pluginFolder('name: demo\nbuild:\n  tags: [custom]\n');
    expect(guessEarlyCompile({ argv: ['build'], cwd: tags.dir, env: tags.env })).toEqual({
      skipped: `${join(tags.dir, 'hplugin.config.yaml')} sets build options`,
    });
    const prepare = await pluginFolder();
    await writeFile(join(prepare.dir, 'prepare.sh'), 'echo hi\n');
    expect(guessEarlyCompile({ argv: ['build'], cwd: prepare.dir, env: prepare.env })).toEqual({ skipped: 'prepare.sh changes the build' });
    const buildrc = await pluginFolder();
    await writeFile(join(buildrc.dir, '.buildrc'), 'EXTRA_TAGS=x\n');
    expect(guessEarlyCompile({ argv: ['build'], cwd: buildrc.dir, env: buildrc.env })).toEqual({ skipped: '.buildrc changes the build' });
  });

  it('reads JSON configs and package.json as JSON, and a code config not at all', async () => {
    const json = await pluginFolder('');
    await writeFile(join(json.dir, 'hplugin.config.json'), JSON.stringify({ name: 'demo', build: { toolchain: 'go', tags: [] } }));
    expect(guessEarlyCompile({ argv: ['build'], cwd: json.dir, env: json.env })).toHaveProperty('go');
    await writeFile(join(json.dir, 'hplugin.config.json'), JSON.stringify({ build: { toolchain: 'tinygo' } }));
    expect(guessEarlyCompile({ argv: ['build'], cwd: json.dir, env: json.env })).toHaveProperty('skipped');

    const pkg = await pluginFolder();
    // The scaffold's package.json has no "hplugin" key: not a config.
    await writeFile(join(pkg.dir, 'package.json'), JSON.stringify({ name: '@plugins/demo', scripts: { build: 'hplugin build' } }));
    expect(guessEarlyCompile({ argv: ['build'], cwd: pkg.dir, env: pkg.env })).toHaveProperty('go');
    await writeFile(join(pkg.dir, 'package.json'), JSON.stringify({ name: 'x', hplugin: { build: { ldflags: '-s' } } }));
    expect(guessEarlyCompile({ argv: ['build'], cwd: pkg.dir, env: pkg.env })).toHaveProperty('skipped');

    const code = await pluginFolder('');
    await writeFile(join(code.dir, 'hplugin.config.mjs'), 'export default {};\n');
    expect(guessEarlyCompile({ argv: ['build'], cwd: code.dir, env: code.env })).toEqual({
      skipped: `${join(code.dir, 'hplugin.config.mjs')} is code`,
    });
  });

  it('looks at the configs of the folders above too (a workspace root may set build options)', async () => {
    const { dir, env } = await pluginFolder();
    await writeFile(join(dir, '..', 'hplugin.config.yaml'), 'workspace: {}\nbuild:\n  ldflags: "-s -w"\n');
    expect(guessEarlyCompile({ argv: ['build'], cwd: dir, env })).toHaveProperty('skipped');
  });

  it('makes no guess when the output is newer than the sources (most likely a cache hit), and one when a source is newer', async () => {
    const { dir, env } = await pluginFolder();
    await mkdir(join(dir, 'dist'));
    await writeFile(join(dir, 'dist', 'plugin.wasm'), 'old module');
    const past = new Date(Date.now() - 60_000);
    for (const f of ['go.mod', 'main.go', 'hplugin.config.yaml']) await utimes(join(dir, f), past, past);
    expect(guessEarlyCompile({ argv: ['build'], cwd: dir, env })).toEqual({
      skipped: `${join(dir, 'dist', 'plugin.wasm')} is newer than its sources`,
    });
    await writeFile(join(dir, 'main.go'), 'package main\n\nfunc main() { println() }\n');
    expect(guessEarlyCompile({ argv: ['build'], cwd: dir, env })).toHaveProperty('go');
  });

  it('makes no guess without go.mod or without go on PATH', async () => {
    const { dir, env } = await pluginFolder();
    expect(guessEarlyCompile({ argv: ['build'], cwd: dir, env: { PATH: join(dir, 'nowhere') } })).toEqual({ skipped: 'no go on PATH' });
    await rm(join(dir, 'go.mod'));
    expect(guessEarlyCompile({ argv: ['build'], cwd: dir, env })).toEqual({ skipped: `no go.mod in ${dir}` });
  });
});

describe('startEarlyCompile and takeEarlyCompile (a fake go)', () => {
  it('hands the running compiler to a build that planned the same command', async () => {
    const { dir, env, go } = await pluginFolder();
    startEarlyCompile(guessed(dir, env));
    const output = join(dir, 'dist', 'plugin.wasm');
    const controller = new AbortController();
    const taken = takeEarlyCompile(buildCommand({ pluginDir: dir }, { name: 'go', path: go }), dir, output, controller.signal);
    expect(taken).toHaveProperty('running');
    const running = (taken as { running: { tmp: string; finished: Promise<{ exitCode?: number }> } }).running;
    // The build's cancellation stops it while it runs, and lets go of the signal once it has ended.
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    expect((await running.finished).exitCode).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    // It wrote the temp file beside the output, with the output's own path replaced.
    expect(await readFile(running.tmp, 'utf8')).toContain(`-o ${running.tmp} .`);
    // Taken once: a second build in the same process starts its own compiler.
    expect(takeEarlyCompile(buildCommand({ pluginDir: dir }, { name: 'go', path: go }), dir, output)).toBeUndefined();
  });

  it('kills the compiler and removes its temp file when the planned command differs', async () => {
    const { dir, env, go } = await pluginFolder(undefined, 5);
    startEarlyCompile(guessed(dir, env));
    await fakeGoStarted(dir);
    const planned = buildCommand({ pluginDir: dir, tags: ['other'] }, { name: 'go', path: go });
    expect(takeEarlyCompile(planned, dir, join(dir, 'dist', 'plugin.wasm'))).toEqual({
      discarded: 'the planned command differs from the guessed one',
    });
    // SIGINT ends the 5 s fake long before it would have written anything.
    await fakeGoStopped(dir);
    expect(await tempFilesIn(join(dir, 'dist'))).toEqual([]);
  });

  it('discards a compiler nobody took, and then has nothing to hand over', async () => {
    const { dir, env, go } = await pluginFolder(undefined, 5);
    startEarlyCompile(guessed(dir, env));
    // A second start while one runs changes nothing.
    startEarlyCompile(guessed(dir, env));
    await fakeGoStarted(dir);
    discardEarlyCompile();
    expect(
      takeEarlyCompile(buildCommand({ pluginDir: dir }, { name: 'go', path: go }), dir, join(dir, 'dist', 'plugin.wasm')),
    ).toBeUndefined();
    await fakeGoStopped(dir);
    expect(await tempFilesIn(join(dir, 'dist'))).toEqual([]);
  });
});
