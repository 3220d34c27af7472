/**
 * The differential oracle of the gateway verdict: builds test/oracles/istio-fetcher (a Go program
 * importing istio.io/istio/pkg/wasm from the module proxy) and asks it about one reference.
 *
 * API:
 *   buildIstioFetcher(): Promise<string>          the binary's path, built once per source + Go version
 *   askIstioFetcher(ref): Promise<OracleVerdict>  what the gateway's fetcher makes of `host/repo:tag`
 *
 * The binary is cached under ~/.cache/hplugin-test/oracles (or $HPLUGIN_ORACLE_CACHE), keyed by the
 * sha256 of go.mod, go.sum, main.go and `go version`: a rerun is instant, a changed oracle is rebuilt.
 * A cold build (module download + compile of istio's dependency tree) took 90 s on 2 loaded cores.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE_DIR = fileURLToPath(new URL('./istio-fetcher/', import.meta.url));
const SOURCE_FILES = ['go.mod', 'go.sum', 'main.go'];

export interface OracleVerdict {
  accepted: boolean;
  /** The step that failed: "prepare" (manifest, index resolution) or "fetch" (layers, module check). */
  stage?: string;
  error?: string;
  /** Hex manifest digest the gateway pins (a WasmPlugin sha256 must equal it). */
  digest?: string;
  /** sha256 (hex) and size of the module file the gateway would hand to Envoy. */
  sha256?: string;
  size: number;
}

function run(
  file: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { cwd: options.cwd, env: options.env, timeout: options.timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number') return reject(new Error(`${file} ${args.join(' ')} failed: ${err.message}\n${stderr}`));
        resolve({ code: err ? Number(err.code) : 0, stdout, stderr });
      },
    );
  });
}

async function cacheKey(): Promise<string> {
  const hash = createHash('sha256');
  for (const name of SOURCE_FILES) hash.update(name).update(await readFile(join(SOURCE_DIR, name)));
  hash.update((await run('go', ['version'], { timeoutMs: 30_000 })).stdout);
  return hash.digest('hex').slice(0, 16);
}

let built: Promise<string> | undefined;

export function buildIstioFetcher(): Promise<string> {
  built ??= build();
  return built;
}

async function build(): Promise<string> {
  const dir = process.env.HPLUGIN_ORACLE_CACHE ?? join(homedir(), '.cache', 'hplugin-test', 'oracles');
  const binary = join(dir, `istio-fetcher-${await cacheKey()}`);
  if (existsSync(binary)) return binary;
  await mkdir(dir, { recursive: true });
  // Test files run in parallel workers: one builds, the others wait for its binary.
  return withBuildLock(`${binary}.lock`, async () => (existsSync(binary) ? binary : compile(binary, dir)));
}

const LOCK_STALE_MS = 15 * 60_000;

async function withBuildLock<T>(lock: string, run: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // A lock left by a killed run must not block every later one.
      const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > LOCK_STALE_MS) await rm(lock, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return await run();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

async function compile(binary: string, dir: string): Promise<string> {
  // Built beside the target and renamed: a concurrent or interrupted build never leaves half a binary.
  const work = await mkdtemp(join(dir, '.build-'));
  try {
    // GOFLAGS=-mod=readonly: go.sum is committed, so a build never rewrites it (nor needs the sum DB).
    const env = { ...process.env, GOFLAGS: '-mod=readonly', CGO_ENABLED: '0' };
    const result = await run('go', ['build', '-trimpath', '-o', join(work, 'istio-fetcher'), '.'], {
      cwd: SOURCE_DIR,
      env,
      timeoutMs: 540_000,
    });
    if (result.code !== 0) throw new Error(`Building the istio fetcher oracle failed (exit ${result.code}):\n${result.stderr}`);
    await rename(join(work, 'istio-fetcher'), binary);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return binary;
}

/** `ref` is `host:port/repository:tag` or `…@sha256:…`, on a plain-http loopback registry. */
export async function askIstioFetcher(ref: string): Promise<OracleVerdict> {
  const binary = await buildIstioFetcher();
  const dockerConfig = await mkdtemp(join(tmpdir(), 'istio-fetcher-docker-'));
  try {
    const result = await run(binary, [ref], { env: { ...process.env, DOCKER_CONFIG: dockerConfig }, timeoutMs: 280_000 });
    if (result.code !== 0) throw new Error(`The istio fetcher oracle exited ${result.code}:\n${result.stderr}`);
    return JSON.parse(result.stdout) as OracleVerdict;
  } finally {
    await rm(dockerConfig, { recursive: true, force: true });
  }
}
