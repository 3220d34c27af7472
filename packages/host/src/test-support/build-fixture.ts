/**
 * Builds a Go fixture under packages/host/fixtures/<name> into a content-addressed cache, so a
 * rerun with unchanged sources costs a hash instead of a 12 s Go build. Test-only: the real build
 * stage lives in @hplugin/build.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** 'c-shared' is how plugins must be built; 'exe' makes the command module the gateway rejects. */
export type BuildMode = 'c-shared' | 'exe';

function goBinary(): string {
  if (process.env.GO) return process.env.GO;
  return existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go';
}

async function hashDir(dir: string, extra: string): Promise<string> {
  const hash = createHash('sha256').update(extra);
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
  for (const file of files)
    hash
      .update(relative(dir, file))
      .update('\0')
      .update(await readFile(file))
      .update('\0');
  return hash.digest('hex').slice(0, 16);
}

export async function buildFixture(name: string, mode: BuildMode = 'c-shared'): Promise<string> {
  const dir = join(FIXTURES_DIR, name);
  const cache = process.env.HPLUGIN_FIXTURE_CACHE ?? join(tmpdir(), 'hplugin-host-fixtures');
  const out = join(cache, `${name}-${mode}-${await hashDir(dir, mode)}.wasm`);
  if (existsSync(out)) return out;
  await mkdir(cache, { recursive: true });
  // Parallel test files may build the same fixture: each writes its own temp file, the rename is atomic.
  const tmp = `${out}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const args = ['build', ...(mode === 'c-shared' ? ['-buildmode=c-shared'] : []), '-trimpath', '-o', tmp, './'];
  await run(goBinary(), args, { cwd: dir, env: { ...process.env, GOOS: 'wasip1', GOARCH: 'wasm' }, maxBuffer: 16 << 20 });
  await rename(tmp, out);
  return out;
}
