import { getEventListeners } from 'node:events';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCompiler } from './spawn-compiler.js';
import { tempDir, writeScript } from './__fixtures__/fixtures.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 30));
  if (!check()) throw new Error(`timed out waiting until ${what}`);
}

describe('spawnCompiler', () => {
  it('gives the compiler a GOTMPDIR of its own inside the one the user chose, and removes it when the compiler ends', async () => {
    const dir = await tempDir();
    const fake = await writeScript(join(dir, 'go'), 'echo "work in $GOTMPDIR"; touch "$GOTMPDIR/left-by-go"');
    const running = spawnCompiler({ file: fake, args: [], env: { GOTMPDIR: dir } }, dir);
    const finished = await running.finished;
    expect(finished.exitCode).toBe(0);
    const workRoot = /work in (\S+)/.exec(finished.output)![1]!;
    expect(workRoot.startsWith(join(dir, 'hplugin-go-'))).toBe(true);
    expect(existsSync(workRoot)).toBe(false);
  });

  it('stop() ends the compiler and the processes it started, and removes the work folder at once', async () => {
    const dir = await tempDir();
    // Like go running link: a child process of its own, here one that would outlive a killed parent.
    const fake = await writeScript(
      join(dir, 'go'),
      `echo "$GOTMPDIR" > ${join(dir, 'work')}; sleep 30 & echo $! > ${join(dir, 'child.pid')}; wait`,
    );
    const running = spawnCompiler({ file: fake, args: [], env: {} }, dir);
    await until(() => existsSync(join(dir, 'child.pid')), 'the fake started its child');
    const child = Number(await readFile(join(dir, 'child.pid'), 'utf8'));
    const workRoot = (await readFile(join(dir, 'work'), 'utf8')).trim();
    running.stop();
    expect(existsSync(workRoot)).toBe(false);
    expect((await running.finished).exitCode).toBeUndefined();
    await until(() => !alive(child), 'the grandchild was killed');
  });

  it('leaves no listener on the signal once the compiler has ended (a workspace build shares one signal)', async () => {
    const dir = await tempDir();
    const fake = await writeScript(join(dir, 'go'), 'exit 0');
    const controller = new AbortController();
    // More compilers than node's leak warning allows listeners (10), as in a 20-plugin workspace.
    const runs = Array.from({ length: 12 }, () => spawnCompiler({ file: fake, args: [], env: {} }, dir, controller.signal));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(12);
    const finished = await Promise.all(runs.map((r) => r.finished));
    expect(finished.map((f) => f.exitCode)).toEqual(Array(12).fill(0));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('an aborted signal stops it the same way', async () => {
    const dir = await tempDir();
    const fake = await writeScript(join(dir, 'go'), 'sleep 30');
    const controller = new AbortController();
    const running = spawnCompiler({ file: fake, args: [], env: {} }, dir, controller.signal);
    controller.abort();
    expect((await running.finished).exitCode).toBeUndefined();
  });
});
