/**
 * findToolchain: locate go or tinygo, ask it for its version, and refuse versions that cannot
 * build a Higress plugin, with errors that say what was found and what to do.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { HpluginError, silentReporter, type Reporter } from '@hplugin/core';
import type { ToolchainName } from '../options.js';
import { findModuleRoot, readGoMod } from '../gomod.js';
import { cancelledError } from '../compile.js';
import { cachedGoEnv } from './go-env-cache.js';
import { isExecutableFile, locateToolchain, searchCandidates } from './locate.js';
import { reconcileGoMod } from './gomod-requirement.js';
import { compareGoVersions, formatGoVersion, MIN_GO, MIN_TINYGO, parseGoVersion, parseTinygoVersion, tinygoAtLeast } from './version.js';

export interface FindToolchainOptions {
  goBinary?: string;
  tinygoBinary?: string;
  /** Extra environment, layered over process.env (as for the build itself). */
  env?: Record<string, string>;
  /** When given, go.mod's `go`/`toolchain` lines are checked against the Go found. */
  pluginDir?: string;
  reporter?: Reporter;
  signal?: AbortSignal;
  /** The build cache folder: `go env`'s answer is kept there across processes (go-env-cache.ts). */
  cacheDir?: string;
}

export interface FoundToolchain {
  path: string;
  /** The version the build runs with: go1.26.8, or 0.33.0 for TinyGo. */
  version: string;
  /** The installed go's own version, when GOTOOLCHAIN makes Go switch to another. */
  localVersion?: string;
  /** GOTOOLCHAIN as Go sees it (env, go env file, or the default "auto"). Go only. */
  gotoolchain?: string;
}

const SETTING: Record<ToolchainName, string> = { go: 'build.go', tinygo: 'build.tinygo' };

function notFound(name: ToolchainName, detail: string): HpluginError {
  const install =
    name === 'go' ? 'Install Go 1.24 or newer (https://go.dev/dl/)' : 'Install TinyGo (https://tinygo.org/getting-started/install/)';
  return new HpluginError('TOOLCHAIN_NOT_FOUND', `Could not find ${name}: ${detail}`, {
    hint: `${install} and put it on PATH, or point ${SETTING[name]} at the binary.`,
    details: { toolchain: name },
  });
}

async function resolveBinary(name: ToolchainName, override: string | undefined, env: NodeJS.ProcessEnv): Promise<string> {
  if (override) {
    if (await isExecutableFile(override)) return override;
    throw notFound(name, `${SETTING[name]} is set to ${override}, which is not an executable file.`);
  }
  const found = await locateToolchain(name, env);
  if (found) return found;
  const searched = searchCandidates(name, env);
  throw notFound(name, `it is not on PATH${name === 'go' ? ' nor in $GOROOT/bin' : ''} (looked in ${searched.length} places).`);
}

async function run(file: string, args: string[], env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<string> {
  // node:child_process, not execa: these short queries run on every build, cache hits included, and
  // loading execa (~75 ms) would cost more than the query. A neutral cwd: inside a module, `go`
  // would already apply go.mod's toolchain rules.
  const result = await new Promise<{ code: number | string | null; stdout: string; stderr: string; aborted: boolean }>((resolve) => {
    execFile(
      file,
      args,
      { cwd: tmpdir(), env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024, ...(signal ? { signal } : {}) },
      (error, stdout, stderr) => {
        const err = error as (NodeJS.ErrnoException & { code?: number | string }) | null;
        resolve({ code: err ? (err.code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr), aborted: err?.name === 'AbortError' });
      },
    );
  });
  if (result.aborted) throw cancelledError();
  if (result.code !== 0) {
    throw new HpluginError(
      'TOOLCHAIN_BROKEN',
      `${file} ${args.join(' ')} failed (exit ${result.code ?? 'none'}):\n${result.stdout}${result.stderr}`.trim(),
      {
        hint: 'Check that the toolchain runs from a terminal; reinstall it if it does not.',
      },
    );
  }
  return result.stdout;
}

/**
 * `go env` answers the same for the same binary and environment, and costs a process start (30-60 ms):
 * a workspace build asks once per process, not once per plugin. The shared query takes no caller's
 * signal (one plugin's cancellation must not fail another's build); it is short, and a failed one is forgotten.
 */
const goEnvQueries = new Map<string, Promise<string>>();

function queryGoEnv(path: string, env: NodeJS.ProcessEnv, cacheDir?: string): Promise<string> {
  const key = JSON.stringify([path, Object.entries(env).sort(([a], [b]) => (a < b ? -1 : 1))]);
  let query = goEnvQueries.get(key);
  if (!query) {
    const args = ['env', '-json', 'GOVERSION', 'GOTOOLCHAIN'];
    query = cacheDir ? cachedGoEnv(cacheDir, path, args, env, () => run(path, args, env)) : run(path, args, env);
    goEnvQueries.set(key, query);
    query.catch(() => goEnvQueries.delete(key));
  }
  return query;
}

async function findGo(options: FindToolchainOptions, env: NodeJS.ProcessEnv): Promise<FoundToolchain> {
  const path = await resolveBinary('go', options.goBinary, env);
  if (options.signal?.aborted) throw cancelledError();
  const goEnv = JSON.parse(await queryGoEnv(path, env, options.cacheDir)) as Record<string, string>;
  const local = parseGoVersion(goEnv.GOVERSION ?? '') ?? parseGoVersion(await run(path, ['version'], env, options.signal));
  if (!local)
    throw new HpluginError('TOOLCHAIN_VERSION_UNKNOWN', `Could not read the version of ${path}.`, {
      hint: 'Run `go version` yourself to see what it prints.',
    });
  const gotoolchain = goEnv.GOTOOLCHAIN || 'auto';
  let effective = local;
  let note: string | undefined;
  const moduleRoot = options.pluginDir ? await findModuleRoot(options.pluginDir) : undefined;
  if (moduleRoot) {
    const mod = await readGoMod(moduleRoot);
    const verdict = reconcileGoMod(local, gotoolchain, mod.go, mod.toolchain);
    if (verdict.problem) {
      throw new HpluginError('GO_MOD_NEEDS_NEWER_GO', verdict.problem.message, {
        hint: verdict.problem.hint,
        details: { goMod: join(moduleRoot, 'go.mod'), found: formatGoVersion(local) },
      });
    }
    effective = verdict.effective;
    note = verdict.note;
  }
  if (compareGoVersions(effective, MIN_GO) < 0) {
    throw new HpluginError('TOOLCHAIN_TOO_OLD', `found ${formatGoVersion(local)} at ${path}, need >= 1.24 for wasip1 c-shared.`, {
      hint: 'Install Go 1.24+ or set build.go in hplugin.config.yaml to a newer go binary, or GOTOOLCHAIN=go1.24.0+auto to let Go fetch one.',
      details: { found: formatGoVersion(local), required: '1.24' },
    });
  }
  if (note) (options.reporter ?? silentReporter()).info(note);
  const switched = effective !== local;
  return { path, version: formatGoVersion(effective), gotoolchain, ...(switched ? { localVersion: formatGoVersion(local) } : {}) };
}

async function findTinygo(options: FindToolchainOptions, env: NodeJS.ProcessEnv): Promise<FoundToolchain> {
  const path = await resolveBinary('tinygo', options.tinygoBinary, env);
  const text = await run(path, ['version'], env, options.signal);
  const version = parseTinygoVersion(text);
  if (!version)
    throw new HpluginError('TOOLCHAIN_VERSION_UNKNOWN', `Could not read the TinyGo version from: ${text.trim()}`, {
      hint: 'Run `tinygo version` yourself to see what it prints.',
    });
  if (!tinygoAtLeast(version, MIN_TINYGO)) {
    throw new HpluginError(
      'TOOLCHAIN_TOO_OLD',
      `found tinygo ${version.version} at ${path}, need >= ${MIN_TINYGO.major}.${MIN_TINYGO.minor} for -gc=custom with nottinygc.`,
      {
        hint: 'Install TinyGo 0.28 or newer, or set build.tinygo; better, move the plugin to Go 1.24+ (toolchain: go).',
        details: { found: version.version },
      },
    );
  }
  return { path, version: version.version };
}

export async function findToolchain(name: ToolchainName, options: FindToolchainOptions = {}): Promise<FoundToolchain> {
  const env = { ...process.env, ...options.env };
  return name === 'go' ? findGo(options, env) : findTinygo(options, env);
}
