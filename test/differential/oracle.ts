/**
 * The second host of the differential suite: test/oracles/wazero-host, a Go program on the Higress
 * SDK's own test host (proxytest on wazero). It is built once per go.mod + go.sum + main.go and
 * cached, so a rerun costs a hash; the first build is timed for BENCHMARKS-style reporting.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import type { OracleTranscript, Script } from './transcript.js';

const run = promisify(execFile);
export const ORACLE_DIR = fileURLToPath(new URL('../oracles/wazero-host/', import.meta.url));

function goBinary(): string {
  if (process.env.GO) return process.env.GO;
  return existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go';
}

export interface OracleBuild {
  binary: string;
  /** False when the cache already held this exact build. */
  built: boolean;
  /** Wall time of this call: the Go build when built, else the cache lookup. */
  ms: number;
}

/** The cache key: everything that decides the binary (go.sum pins every module's content). */
async function oracleKey(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of ['go.mod', 'go.sum', 'main.go'])
    hash
      .update(file)
      .update('\0')
      .update(await readFile(join(ORACLE_DIR, file)))
      .update('\0');
  return hash.digest('hex').slice(0, 16);
}

export async function buildOracle(): Promise<OracleBuild> {
  const started = performance.now();
  const cache = process.env.HPLUGIN_ORACLE_CACHE ?? join(tmpdir(), 'hplugin-oracles');
  const binary = join(cache, `wazero-host-${await oracleKey()}`);
  if (existsSync(binary)) return { binary, built: false, ms: performance.now() - started };
  await mkdir(cache, { recursive: true });
  // Parallel runs may build at once: each writes its own file, the rename is atomic.
  const tmp = `${binary}.${process.pid}.tmp`;
  // go.sum is committed, so the build needs no checksum-database lookups (GONOSUMDB only matters
  // when go.sum is regenerated; see test/oracles/wazero-host/README.md).
  await run(goBinary(), ['build', '-trimpath', '-buildvcs=false', '-o', tmp, '.'], {
    cwd: ORACLE_DIR,
    env: { ...process.env, GOOS: '', GOARCH: '', GOFLAGS: '-mod=readonly' },
    maxBuffer: 16 << 20,
  });
  await rename(tmp, binary);
  return { binary, built: true, ms: performance.now() - started };
}

export async function runOracle(binary: string, script: Script): Promise<OracleTranscript[]> {
  const dir = await mkdtemp(join(tmpdir(), 'hplugin-oracle-'));
  try {
    const file = join(dir, 'script.json');
    await writeFile(file, JSON.stringify(script));
    const { stdout } = await run(binary, [file], { maxBuffer: 64 << 20 });
    return JSON.parse(stdout) as OracleTranscript[];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
