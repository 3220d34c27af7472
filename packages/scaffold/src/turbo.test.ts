/**
 * The requirement, with the real tools: in a scaffolded workspace with two plugins,
 * `turbo run build` runs `hplugin build` in each, a second run is a full cache hit, and a deleted
 * dist/plugin.wasm comes back from turbo's cache byte for byte. An edit to a Go file misses only
 * that plugin's cache; an edit to a README (not a build input) misses nothing. The hplugin
 * devDependency points at this checkout (file:), so npm install needs no registry for it; turbo
 * comes from npm's cache when it is there (--prefer-offline).
 */
import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { appendFile, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { createPlugin } from './create.js';
import { createWorkspace } from './create-workspace.js';
import { assertCliBuilt, REPO_ROOT } from './__fixtures__/cli.js';
import { removeTempDirs, tempDir } from './__fixtures__/helpers.js';

afterAll(removeTempDirs);

const TURBO = join(REPO_ROOT, 'node_modules', '.bin', 'turbo');
const PLUGINS = { alpha: 'go-http', beta: 'go-minimal' } as const;
const QUIET = { TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', TURBO_NO_UPDATE_NOTIFIER: '1', NO_COLOR: '1' };

interface RunSummary {
  execution: { attempted: number; cached: number; exitCode: number };
  tasks: Array<{ taskId: string; cache: { status: 'HIT' | 'MISS' } }>;
}

let root = '';
// hplugin's own content cache would make the first turbo run a copy; an empty one makes it compile.
let env: Record<string, string> = QUIET;

/** `turbo run <task> --summarize`; returns the run summary turbo writes, and the time taken. */
async function turbo(task: string): Promise<{ summary: RunSummary; ms: number; output: string }> {
  const started = performance.now();
  const run = await execa(TURBO, ['run', task, '--summarize'], { cwd: root, env, all: true, reject: false });
  const ms = performance.now() - started;
  if (run.exitCode !== 0) throw new Error(`turbo run ${task} failed (exit ${run.exitCode}):\n${run.all}`);
  const file = /Summary:\s+(\S+\.json)/.exec(run.all ?? '')?.[1];
  if (!file) throw new Error(`turbo wrote no run summary:\n${run.all}`);
  return { summary: JSON.parse(await readFile(file, 'utf8')) as RunSummary, ms, output: run.all ?? '' };
}

const statuses = (s: RunSummary) => Object.fromEntries(s.tasks.map((t) => [t.taskId, t.cache.status]));
const wasm = (name: string) => join(root, 'plugins', name, 'dist', 'plugin.wasm');
const sha256 = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

beforeAll(async () => {
  assertCliBuilt();
  const cwd = await tempDir();
  env = { ...QUIET, HPLUGIN_CACHE_DIR: join(cwd, 'hplugin-cache') };
  ({ targetDir: root } = await createWorkspace({
    cwd,
    targetDir: 'plugins-repo',
    ci: 'none',
    set: { hpluginVersion: `file:${join(REPO_ROOT, 'packages', 'cli')}`, packageManager: 'npm@11.19.1' },
  }));
  for (const [name, template] of Object.entries(PLUGINS)) {
    await createPlugin({
      template,
      cwd: root,
      workspace: { root, plugins: ['plugins/*'] },
      set: { name },
      interactive: false,
      yes: true,
      tidy: false,
    });
  }
  const started = performance.now();
  await execa('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: root, env: QUIET });
  console.log(`[figure] workspace npm install: ${(performance.now() - started).toFixed(0)} ms`);
});

describe('turbo run build in a scaffolded workspace', () => {
  it('builds every plugin, then serves the second run and deleted outputs from its cache', async () => {
    const first = await turbo('build');
    expect(first.summary.execution).toMatchObject({ attempted: 2, cached: 0, exitCode: 0 });
    expect(statuses(first.summary)).toEqual({ '@plugins/alpha#build': 'MISS', '@plugins/beta#build': 'MISS' });
    const digests = { alpha: await sha256(wasm('alpha')), beta: await sha256(wasm('beta')) };

    const second = await turbo('build');
    expect(second.summary.execution).toMatchObject({ attempted: 2, cached: 2 });
    expect(second.output).toContain('FULL TURBO');

    await Promise.all(Object.keys(PLUGINS).map((name) => rm(join(root, 'plugins', name, 'dist'), { recursive: true })));
    const restored = await turbo('build');
    expect(restored.summary.execution).toMatchObject({ attempted: 2, cached: 2 });
    expect({ alpha: await sha256(wasm('alpha')), beta: await sha256(wasm('beta')) }).toEqual(digests);
    console.log(
      `[figure] turbo run build, 2 plugins: first ${first.ms.toFixed(0)} ms, cached ${second.ms.toFixed(0)} ms, restore after rm dist ${restored.ms.toFixed(0)} ms`,
    );
  });

  it('misses only for the plugin whose Go source changed, and not for a README edit', async () => {
    await turbo('build');
    await appendFile(join(root, 'plugins', 'alpha', 'README.md'), '\nMore words.\n');
    expect(statuses((await turbo('build')).summary)).toEqual({ '@plugins/alpha#build': 'HIT', '@plugins/beta#build': 'HIT' });
    await appendFile(join(root, 'plugins', 'beta', 'main.go'), '\n// A change turbo must see.\n');
    const edited = await turbo('build');
    expect(statuses(edited.summary)).toEqual({ '@plugins/alpha#build': 'HIT', '@plugins/beta#build': 'MISS' });
    console.log(`[figure] turbo run build after one Go edit: ${edited.ms.toFixed(0)} ms`);
  });

  it("runs each plugin's go test and hplugin test through turbo run test", async () => {
    const run = await turbo('test');
    expect(statuses(run.summary)).toMatchObject({
      '@plugins/alpha#test': 'MISS',
      '@plugins/beta#test': 'MISS',
      '@plugins/alpha#build': 'HIT',
      '@plugins/beta#build': 'HIT',
    });
    expect(run.output).toMatch(/@plugins\/alpha:test: .*7 passed, 0 failed/);
    expect(run.output).toMatch(/@plugins\/beta:test: .*3 passed, 0 failed/);
    console.log(`[figure] turbo run test, 2 plugins (go test + hplugin test): ${run.ms.toFixed(0)} ms`);
  });
});
