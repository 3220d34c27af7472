/**
 * Proves that a server started with spawnBounded cannot outlive its test process: kill(), the exit
 * hook, and the stdin watchdog each end it. The last two run the real module in a child Node
 * process (transpiled with TypeScript, since Node 20 cannot load .ts) that dies on purpose.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { spawnBounded } from './bounded-process.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls (at most 5 s) until the pid is gone: a killed process is reaped by its parent shortly after. */
async function waitGone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  return !isAlive(pid);
}

describe('spawnBounded', () => {
  it('reports the exit code and keeps stdout and stderr', async () => {
    const proc = await spawnBounded('/bin/sh', ['-c', 'echo to-stdout; echo to-stderr >&2; exit 3']);
    expect(await proc.exited).toBe(3);
    expect(proc.hasExited()).toBe(true);
    expect(proc.output()).toContain('to-stdout');
    expect(proc.output()).toContain('to-stderr');
  });

  it('kill() ends a long-running server', async () => {
    const proc = await spawnBounded('sleep', ['600']);
    expect(isAlive(proc.pid)).toBe(true);
    await proc.kill();
    expect(await waitGone(proc.pid)).toBe(true);
  });
});

describe('spawnBounded when the test process dies', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hplugin-bounded-'));
    for (const name of ['bounded-process', 'exit-cleanup']) {
      const source = await readFile(new URL(`./${name}.ts`, import.meta.url), 'utf8');
      const js = ts.transpileModule(source, {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      }).outputText;
      // Node resolves './exit-cleanup.js' as written, so the transpiled files keep the .js name.
      await writeFile(join(dir, `${name}.js`), js);
    }
    await writeFile(join(dir, 'package.json'), '{"type":"module"}');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** Runs a child that starts `sleep 600` bounded, prints its pid, then ends itself with `ending`. */
  async function orphanPid(ending: string): Promise<number> {
    const script = join(dir, `child-${Math.random().toString(16).slice(2)}.mjs`);
    await writeFile(
      script,
      `import { spawnBounded } from './bounded-process.js';
const proc = await spawnBounded('sleep', ['600']);
process.stdout.write(String(proc.pid) + '\\n');
${ending}\n`,
    );
    const stdout = await new Promise<string>((resolve) =>
      execFile(process.execPath, [script], { timeout: 20_000 }, (_error, out) => resolve(out)),
    );
    const pid = Number(stdout.trim());
    expect(pid).toBeGreaterThan(0);
    return pid;
  }

  it('the server dies when the process exits without stopping it (exit hook; watchdog as backup)', async () => {
    expect(await waitGone(await orphanPid('process.exit(0);'))).toBe(true);
  });

  it('the stdin watchdog kills the server when the process is SIGKILLed (no hook runs)', async () => {
    expect(await waitGone(await orphanPid("process.kill(process.pid, 'SIGKILL');"))).toBe(true);
  });
});
