/**
 * The spec generator is a small Go program shipped with this package (go/specgen). `go run` would
 * compile it on every call (about a second), so it is built once into a cache folder, keyed by the
 * program's source hash and the Go version, and reused. The build writes a temp file and renames it
 * into place, so concurrent runs never see half a binary; two racing builds just rename twice.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError, silentReporter, tempPathFor, type Reporter } from '@hplugin/core';
import { SPEC_GO_NOT_FOUND, generatorError } from '../errors.js';

/**
 * go/specgen: two levels up from this package's src/specgen/ and dist/specgen/ alike, or one level up
 * from the published `hplugin` bundle's dist/ (which ships the Go source at its root: go/specgen).
 */
export const SPECGEN_SOURCE_DIR =
  [new URL('../../go/specgen/', import.meta.url), new URL('../go/specgen/', import.meta.url)]
    .map((url) => fileURLToPath(url))
    .find((dir) => existsSync(join(dir, 'main.go'))) ?? fileURLToPath(new URL('../../go/specgen/', import.meta.url));

export interface SpecgenBinaryOptions {
  /** The go command; default `go` on PATH. */
  goBinary?: string;
  /** Where built generators are kept; default $HPLUGIN_CACHE_DIR/specgen or ~/.cache/hplugin/specgen. */
  cacheDir?: string;
  reporter?: Reporter;
}

export interface SpecgenBinary {
  path: string;
  /** True when an earlier build was reused. */
  cached: boolean;
  goVersion: string;
  /** Milliseconds spent building (0 when cached). */
  buildMs: number;
}

export function defaultSpecgenCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HPLUGIN_CACHE_DIR) return join(env.HPLUGIN_CACHE_DIR, 'specgen');
  const base = env.XDG_CACHE_HOME || (process.platform === 'win32' && env.LOCALAPPDATA) || join(homedir(), '.cache');
  return join(base, 'hplugin', 'specgen');
}

/** The environment for `go`: the host platform (a user's GOOS=wasip1 must not leak in), no workspace. */
function goEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of ['GOOS', 'GOARCH', 'GOFLAGS', 'GOWORK']) delete env[k];
  return { ...env, GOWORK: 'off', GOTOOLCHAIN: 'local', CGO_ENABLED: '0' };
}

async function goVersion(go: string): Promise<string> {
  // execa loads (~60 ms) only when the generator is needed, not with the package's entry.
  const { execa } = await import('execa');
  try {
    const { stdout } = await execa(go, ['env', 'GOVERSION'], { env: goEnv(), extendEnv: false });
    return stdout.trim();
  } catch (err) {
    throw new UsageError(SPEC_GO_NOT_FOUND, `Cannot run \`${go} env GOVERSION\`: ${(err as Error).message.split('\n')[0]}`, {
      hint: 'Install Go 1.24 or newer (https://go.dev/dl/), or point build.go in the plugin config at the go binary.',
      cause: err,
    });
  }
}

let sourceHashMemo: Promise<string> | undefined;

/** Hash of every file of go/specgen, so an edited generator is rebuilt. */
function sourceHash(): Promise<string> {
  sourceHashMemo ??= (async () => {
    const hash = createHash('sha256');
    for (const name of (await readdir(SPECGEN_SOURCE_DIR)).sort()) {
      if (!name.endsWith('.go') && name !== 'go.mod') continue;
      hash
        .update(name)
        .update('\0')
        .update(await readFile(join(SPECGEN_SOURCE_DIR, name)))
        .update('\0');
    }
    return hash.digest('hex');
  })();
  return sourceHashMemo;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

export async function ensureSpecgenBinary(options: SpecgenBinaryOptions = {}): Promise<SpecgenBinary> {
  const go = options.goBinary ?? 'go';
  const reporter = options.reporter ?? silentReporter();
  const version = await goVersion(go);
  const key = createHash('sha256')
    .update([await sourceHash(), version, process.platform, process.arch].join('\n'))
    .digest('hex')
    .slice(0, 16);
  const dir = options.cacheDir ?? defaultSpecgenCacheDir();
  const path = join(dir, `specgen-${key}${process.platform === 'win32' ? '.exe' : ''}`);
  if (await isFile(path)) {
    reporter.debug(`spec generator: reusing ${path}`);
    return { path, cached: true, goVersion: version, buildMs: 0 };
  }
  await mkdir(dir, { recursive: true });
  const tmp = tempPathFor(path);
  const started = performance.now();
  try {
    await reporter.task(`Building the spec generator with ${version} (once per Go version)`, async () => {
      const { execa } = await import('execa');
      await execa(go, ['build', '-trimpath', '-o', tmp, '.'], { cwd: SPECGEN_SOURCE_DIR, env: goEnv(), extendEnv: false });
      await rename(tmp, path);
    });
  } catch (err) {
    await rm(tmp, { force: true });
    const stderr = (err as { stderr?: string }).stderr ?? (err as Error).message;
    throw generatorError(
      `Building the spec generator with ${version} failed: ${stderr.trim()}`,
      'Check that `go build` works on this machine (GOCACHE writable, Go 1.24+).',
      err,
    );
  }
  const buildMs = Math.round(performance.now() - started);
  reporter.debug(`spec generator: built ${path} with ${version} in ${buildMs} ms`);
  return { path, cached: false, goVersion: version, buildMs };
}
