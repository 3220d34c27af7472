import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../__fixtures__/fixtures.js';
import { cachedGoEnv } from './go-env-cache.js';

/** A GOROOT-shaped folder with a stand-in `go` (the cache only stats it; the query is ours). */
async function setup() {
  const root = await tempDir();
  await mkdir(join(root, 'goroot', 'bin'), { recursive: true });
  await mkdir(join(root, 'home'));
  const go = join(root, 'goroot', 'bin', 'go');
  await writeFile(go, 'binary v1');
  await writeFile(join(root, 'goroot', 'VERSION'), 'go1.26.0\n');
  let calls = 0;
  const query = async () => `{"GOVERSION": "answer ${++calls}"}`;
  return { root, go, cacheDir: join(root, 'cache'), env: { HOME: join(root, 'home'), PATH: '/usr/bin' }, query, calls: () => calls };
}

describe('the go env answer kept across processes', () => {
  it('is asked once, then served while nothing it depends on changed', async () => {
    const s = await setup();
    const first = await cachedGoEnv(s.cacheDir, s.go, ['env'], s.env, s.query);
    const again = await cachedGoEnv(s.cacheDir, s.go, ['env'], s.env, s.query);
    expect(again).toBe(first);
    expect(s.calls()).toBe(1);
  });

  it('asks again when the binary, GOROOT/go.env or the user go env file changes, or the environment differs', async () => {
    const s = await setup();
    await cachedGoEnv(s.cacheDir, s.go, ['env'], s.env, s.query);
    await writeFile(s.go, 'binary v2');
    expect(await cachedGoEnv(s.cacheDir, s.go, ['env'], s.env, s.query)).toContain('answer 2');
    await writeFile(join(s.root, 'goroot', 'go.env'), 'GOTOOLCHAIN=auto\n');
    expect(await cachedGoEnv(s.cacheDir, s.go, ['env'], s.env, s.query)).toContain('answer 3');
    await mkdir(join(s.root, 'home', '.config', 'go'), { recursive: true });
    await writeFile(join(s.root, 'home', '.config', 'go', 'env'), 'GOFLAGS=-mod=mod\n');
    expect(await cachedGoEnv(s.cacheDir, s.go, ['env'], s.env, s.query)).toContain('answer 4');
    expect(await cachedGoEnv(s.cacheDir, s.go, ['env'], { ...s.env, GOTOOLCHAIN: 'go1.27.0' }, s.query)).toContain('answer 5');
    expect(await cachedGoEnv(s.cacheDir, s.go, ['env'], s.env, s.query)).toContain('answer 4');
    expect(s.calls()).toBe(5);
  });
});
