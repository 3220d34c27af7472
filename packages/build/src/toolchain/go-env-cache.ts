/**
 * `go env` answers across processes: the same query with the same binary, environment and Go
 * config files gives the same answer, so the answer is kept with the build cache and reused while
 * none of those changed (by stat, as the stat index does). A cache hit saves starting `go` (10-60 ms)
 * on every `hplugin build`, `run` and `test` of an unchanged plugin.
 *
 * What `go env GOVERSION GOTOOLCHAIN` depends on: the go binary (and the GOROOT it belongs to, with
 * its VERSION and go.env files), the environment (all of it is in the key), and the user's go env
 * file ($GOENV, else <config dir>/go/env). Any of those changing, appearing or vanishing is a miss.
 */
import { createHash } from 'node:crypto';
import { readFile, realpath, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileStamp, sameStamp, writeFileAtomic, type FileStamp } from '@hplugin/core';

const SCHEMA = 'hplugin-go-env/1';

interface Saved {
  schema: string;
  /** Each file's stamp, or null for "did not exist". */
  files: Record<string, FileStamp | null>;
  output: string;
}

async function inputFiles(binary: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const real = await realpath(binary).catch(() => binary);
  const goroot = dirname(dirname(real));
  const configHome = env.XDG_CONFIG_HOME || (env.HOME ? join(env.HOME, '.config') : undefined);
  const userEnv = env.GOENV === 'off' ? undefined : env.GOENV || (configHome ? join(configHome, 'go', 'env') : undefined);
  return [binary, real, join(goroot, 'VERSION'), join(goroot, 'go.env'), ...(userEnv ? [userEnv] : [])];
}

async function stamps(files: string[]): Promise<Record<string, FileStamp | null>> {
  const out: Record<string, FileStamp | null> = {};
  for (const f of files) out[f] = (await fileStamp(f)) ?? null;
  return out;
}

function unchanged(saved: Record<string, FileStamp | null>, now: Record<string, FileStamp | null>): boolean {
  const keys = Object.keys(now);
  if (keys.length !== Object.keys(saved).length) return false;
  return keys.every((k) => {
    const a = saved[k];
    const b = now[k];
    if (a === undefined || b === undefined) return false;
    return a === null || b === null ? a === b : sameStamp(a, b);
  });
}

/** The cached answer of `query` for this binary, arguments and environment, or a fresh one (then kept). */
export async function cachedGoEnv(
  cacheDir: string,
  binary: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  query: () => Promise<string>,
): Promise<string> {
  const key = createHash('sha256')
    .update(JSON.stringify([SCHEMA, binary, args, Object.entries(env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]))
    .digest('hex');
  const path = join(cacheDir, 'build', 'v1', 'go-env', `${key}.json`);
  const files = await inputFiles(binary, env);
  const before = await stamps(files);
  try {
    const saved = JSON.parse(await readFile(path, 'utf8')) as Saved;
    if (saved.schema === SCHEMA && typeof saved.output === 'string' && unchanged(saved.files, before)) return saved.output;
  } catch {
    // No answer kept yet, or a torn one.
  }
  const output = await query();
  // Kept only when nothing changed while go ran (an upgrade in progress must not be remembered half-way).
  if (unchanged(before, await stamps(files))) {
    await writeFileAtomic(path, JSON.stringify({ schema: SCHEMA, files: before, output } satisfies Saved), { fsync: false }).catch(() =>
      rm(path, { force: true }).catch(() => undefined),
    );
  }
  return output;
}
