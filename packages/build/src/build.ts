/**
 * buildPlugin: prepare → plan (toolchain, command, inputs hash) → cache hit? restore : compile →
 * (optimise) → check → cache → rename into place. dist/plugin.wasm is only ever replaced by a
 * module that passed checkWasm; a failed or cancelled build leaves the previous file untouched.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { HpluginError, formatBytes, tempPathFor, silentReporter, type Reporter } from '@hplugin/core';
import { BuildCache, sha256Hex, type CacheEntry } from './cache.js';
import { checkHeader } from './check/header.js';
import { checkWasm, judgeWasm, readBuiltWasmFacts, type WasmFacts } from './check/wasm-check.js';
import type { WasmCheckResult } from './check/types.js';
import { runCompiler } from './compile.js';
import { discardEarlyCompile, takeEarlyCompile } from './early-compile.js';
import { writingTo } from './spawn-compiler.js';
import { hasPrepareScript } from './conventions.js';
import { runWasmOpt } from './optimize.js';
import type { BuildOptions, BuildResult } from './options.js';
import { planBuild, type BuildPlan } from './plan.js';
import { runPrepareScript } from './prepare.js';

function checkFailure(check: WasmCheckResult, file: string): HpluginError {
  const first = check.errors[0]!;
  return new HpluginError(
    first.code,
    `The built module ${file} would not load on the gateway:\n${check.errors.map((e) => `- ${e.message}`).join('\n')}`,
    {
      hint: 'Fix the build settings named above; hplugin left the previous output untouched.',
      details: { check },
    },
  );
}

function reportWarnings(reporter: Reporter, check: WasmCheckResult): void {
  for (const w of check.warnings) reporter.warn(w.message, w.code);
}

/**
 * A cached module is checked under the current rules; the engine's parse is reused from the entry
 * when it has one for these very bytes (the lookup verified their digest), else done again.
 */
/** The check of a cached module: from the stored facts when usable, else from the bytes (older entries). */
async function recheck(hit: { entry: CacheEntry; blobPath: string; header: Uint8Array }, name: string) {
  const facts: WasmFacts | undefined = hit.entry.facts;
  const usable =
    facts &&
    facts.size === hit.entry.size &&
    Array.isArray(facts.exports) &&
    Array.isArray(facts.imports) &&
    typeof facts.builtByGo === 'boolean';
  if (!usable || checkHeader(hit.header, name)) return checkWasm(await readFile(hit.blobPath), name);
  return judgeWasm(facts, name);
}

/** sha256 and size through the stat index: a file whose stat is unchanged is not read again. */
function indexedDigest(plan: BuildPlan) {
  return async (path: string) => {
    const facts = await plan.reader.of(path);
    return { digest: facts.sha256, size: facts.size };
  };
}

/** Copy the cached module into place (temp + rename), unless the output already is those bytes. */
async function restore(
  blobPath: string,
  entry: CacheEntry,
  output: string,
  digestOf: (path: string) => Promise<{ digest: string; size: number }>,
): Promise<void> {
  const current = await digestOf(output).catch(() => undefined);
  if (current && current.digest === entry.wasmDigest && current.size === entry.size) return;
  await mkdir(dirname(output), { recursive: true });
  const tmp = tempPathFor(output);
  try {
    await copyFile(blobPath, tmp);
    await rename(tmp, output);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

async function fromCache(plan: BuildPlan, cache: BuildCache, started: number): Promise<BuildResult | undefined> {
  const found = await cache.lookup(plan.inputsHash, indexedDigest(plan));
  if (found.status === 'miss') return undefined;
  if (found.status === 'hit') {
    // Nothing to compile: a compiler started on a guess (early-compile.ts) stops now, not at exit.
    discardEarlyCompile();
    const check = await recheck(found, basename(plan.output));
    if (check.ok) {
      // An identical output stays as it is: rewriting (and fsyncing) it costs more than comparing.
      await restore(found.blobPath, found.entry, plan.output, indexedDigest(plan));
      plan.reporter.info(
        `${basename(plan.output)} is up to date (cached, ${formatBytes(found.entry.size)}, inputs ${plan.inputsHash.slice(0, 12)})`,
      );
      reportWarnings(plan.reporter, check);
      return {
        wasmPath: plan.output,
        size: found.entry.size,
        wasmDigest: found.entry.wasmDigest,
        cached: true,
        inputsHash: plan.inputsHash,
        toolchain: plan.toolchain,
        command: found.entry.command,
        check,
        durationMs: performance.now() - started,
        ...(found.entry.optimized ? { optimized: found.entry.optimized } : {}),
      };
    }
    plan.reporter.warn(
      `The cached module for inputs ${plan.inputsHash.slice(0, 12)} no longer passes the check; rebuilding.`,
      'BUILD_CACHE_CORRUPT',
    );
    await cache.evict(plan.inputsHash, found.entry);
    return undefined;
  }
  plan.reporter.warn(
    `The build cache entry for inputs ${plan.inputsHash.slice(0, 12)} is corrupt (${found.reason}); rebuilding.`,
    'BUILD_CACHE_CORRUPT',
  );
  await cache.evict(plan.inputsHash);
  return undefined;
}

/**
 * Marks that this toolchain has compiled here before, so the first build can say why it is slow
 * (Go builds the standard library and the SDK for wasip1 into its build cache, GOCACHE). Keyed by
 * toolchain, version and GOCACHE: a new Go or an emptied cache is a cold build again.
 */
function warmMarker(plan: BuildPlan): string {
  const key = sha256Hex(new TextEncoder().encode(`${plan.toolchain.name}\0${plan.toolchain.version}\0${process.env.GOCACHE ?? ''}`)).slice(
    0,
    16,
  );
  return join(plan.cacheDir, 'build', 'v1', 'warm', key);
}

async function compileChecked(plan: BuildPlan, options: BuildOptions, temps: string[]) {
  // The compiler the CLI started before this plan existed, when it runs exactly this command.
  const early = takeEarlyCompile(plan.command, options.pluginDir, plan.output, options.signal);
  if (early && 'discarded' in early) plan.reporter.debug(`compiler head start discarded: ${early.discarded}`);
  const running = early && 'running' in early ? early.running : undefined;
  if (running) plan.reporter.debug(`go build has been running for ${running.headStartMs} ms (started before the plan, same command)`);
  const tmp = running?.tmp ?? tempPathFor(plan.output);
  temps.push(tmp);
  const command = writingTo(plan.command, plan.output, tmp);
  const pluginName = basename(options.pluginDir);
  const warm = warmMarker(plan);
  if (!existsSync(warm)) {
    plan.reporter.info(
      `First build with ${plan.toolchain.name === 'go' ? plan.toolchain.version : `tinygo ${plan.toolchain.version}`} here: Go may first compile its standard library and the plugin SDK for wasm (minutes on a slow machine, once); later builds reuse them.`,
    );
  }
  await plan.reporter.task(
    `Compiling ${pluginName} with ${plan.toolchain.name === 'go' ? plan.toolchain.version : `tinygo ${plan.toolchain.version}`}`,
    () => {
      // runCompiler has started the compiler by the time it returns its promise: the caller's
      // work for later (loading code) now fills the wait instead of delaying the start.
      const compiled = runCompiler(command, options.pluginDir, options.signal, running?.finished);
      options.whileCompiling?.();
      return compiled;
    },
    () => `Compiled ${pluginName}`,
  );
  // Only a hint for the next build's message: losing it costs one extra note, so errors are ignored.
  await mkdir(dirname(warm), { recursive: true })
    .then(() => writeFile(warm, ''))
    .catch(() => {});
  let finalPath = tmp;
  let bytes: Uint8Array = await readFile(tmp);
  let optimized: BuildResult['optimized'];
  if (options.optimize) {
    const opt = tempPathFor(plan.output);
    temps.push(opt);
    const before = bytes.byteLength;
    await plan.reporter.task(
      'Optimising with Binaryen wasm-opt',
      () => runWasmOpt(tmp, opt, options.signal),
      () => 'Optimised with Binaryen wasm-opt',
    );
    bytes = await readFile(opt);
    finalPath = opt;
    optimized = { before, after: bytes.byteLength };
    plan.reporter.info(`wasm-opt: ${formatBytes(before)} → ${formatBytes(bytes.byteLength)}`);
  }
  // The facts are kept with the cache entry, so a later cache hit need not read the module again.
  const read = await readBuiltWasmFacts(bytes, basename(plan.output));
  const facts = 'ok' in read ? undefined : read;
  const check = 'ok' in read ? read : judgeWasm(read, basename(plan.output));
  if (!check.ok) throw checkFailure(check, basename(plan.output));
  return { finalPath, bytes, check, optimized, facts };
}

export async function buildPlugin(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const reporter = options.reporter ?? silentReporter();
  if (options.prepare !== false && (await hasPrepareScript(options.pluginDir))) {
    await reporter.task(
      'Running prepare.sh (set build.prepare: false to skip it)',
      () => runPrepareScript(options.pluginDir, options.env, options.signal),
      () => 'Ran prepare.sh',
    );
  }
  const plan = await planBuild({ ...options, reporter });
  try {
    return await buildPlanned(plan, options, reporter, started);
  } finally {
    await plan.reader.save();
  }
}

async function buildPlanned(plan: BuildPlan, options: BuildOptions, reporter: Reporter, started: number): Promise<BuildResult> {
  const cache = new BuildCache(plan.cacheDir);
  if (!options.force) {
    const hit = await fromCache(plan, cache, started);
    if (hit) return hit;
  }
  await mkdir(dirname(plan.output), { recursive: true });
  const temps: string[] = [];
  try {
    const { finalPath, bytes, check, optimized, facts } = await compileChecked(plan, options, temps);
    reportWarnings(reporter, check);
    const command = [plan.command.file, ...plan.command.args];
    // The cache names the module by its digest; the debug line reuses it rather than hashing again.
    let digest: string | undefined;
    try {
      digest = (
        await cache.store(plan.inputsHash, bytes, {
          command,
          toolchain: plan.toolchain,
          ...(optimized ? { optimized } : {}),
          ...(facts ? { facts } : {}),
        })
      ).wasmDigest;
    } catch (err) {
      reporter.warn(`Could not write the build cache in ${plan.cacheDir}: ${(err as Error).message}`, 'BUILD_CACHE_WRITE_FAILED');
    }
    await rename(finalPath, plan.output);
    digest ??= sha256Hex(bytes);
    reporter.debug(`wrote ${plan.output} (sha256:${digest})`);
    return {
      wasmPath: plan.output,
      size: bytes.byteLength,
      wasmDigest: digest,
      cached: false,
      inputsHash: plan.inputsHash,
      toolchain: plan.toolchain,
      command,
      check,
      durationMs: performance.now() - started,
      ...(optimized ? { optimized } : {}),
    };
  } finally {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
  }
}

export interface StaleCheck {
  stale: boolean;
  inputsHash: string;
  /** Why a rebuild is due: no cache entry for these inputs, no output file, or an output that differs. */
  reason?: 'not-built' | 'output-missing' | 'output-differs';
}

/** Side-effect free (prepare.sh is not run): for package/publish to decide whether to rebuild. */
export async function isBuildStale(options: BuildOptions): Promise<StaleCheck> {
  const plan = await planBuild(options);
  const entry = await new BuildCache(plan.cacheDir).readEntry(plan.inputsHash);
  if (!entry) return { stale: true, inputsHash: plan.inputsHash, reason: 'not-built' };
  const current = await indexedDigest(plan)(plan.output).catch(() => undefined);
  await plan.reader.save();
  if (!current) return { stale: true, inputsHash: plan.inputsHash, reason: 'output-missing' };
  if (current.digest !== entry.wasmDigest) return { stale: true, inputsHash: plan.inputsHash, reason: 'output-differs' };
  discardEarlyCompile();
  return { stale: false, inputsHash: plan.inputsHash };
}
