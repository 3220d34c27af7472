import { readFile, stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { checkWasm, MAX_MODULE_BYTES, type BuildResult, type WasmCheckResult } from '@hplugin/build';
import { formatBytes, UsageError } from '@hplugin/core';
import { runBuild } from '@hplugin/pipeline';
import type { CommandResult, Context } from '../context.js';
import { runStage } from './many-run.js';
import type { BuildArgs } from './build.js';

function describeCheck(check: WasmCheckResult): string {
  const abi = check.abiVersions.length ? `proxy-wasm ABI ${check.abiVersions.join(', ')}` : 'no proxy-wasm ABI';
  return `${check.kind}, ${abi}, ${check.imports.length} imports`;
}

export async function build(args: BuildArgs, ctx: Context): Promise<CommandResult> {
  return runStage<BuildResult>(args, ctx, {
    verb: 'build',
    digestHeader: 'inputs hash',
    requireVersion: false,
    run: (config, reporter) =>
      runBuild(args.prepare === undefined ? config : { ...config, build: { ...config.build, prepare: args.prepare } }, { reporter, signal: ctx.signal, ...(args.force ? { force: true } : {}) }),
    summary: (r) => ({ status: 'built', cached: r.cached, size: formatBytes(r.size), digest: r.inputsHash.slice(0, 12) }),
    single: (r, config) => ({
      data: { plugin: config.name, version: config.version, build: r },
      text: `${r.cached ? '✓ Up to date (cached)' : '✓ Built'} ${config.name} → ${relative(ctx.cwd, r.wasmPath) || r.wasmPath} (${formatBytes(r.size)}; ${describeCheck(r.check)})`,
    }),
  });
}

export async function check(args: { file: string }, ctx: Context): Promise<CommandResult> {
  const file = resolve(ctx.cwd, args.file);
  const unreadable = (err: NodeJS.ErrnoException): never => {
    throw new UsageError('CHECK_FILE_UNREADABLE', `Cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}.`, { hint: 'Pass the path of a built .wasm module.' });
  };
  // A module over the gateway's limit is refused from its size: reading it whole could exhaust memory.
  const size = (await stat(file).catch(unreadable)).size;
  const result: WasmCheckResult =
    size > MAX_MODULE_BYTES
      ? { ok: false, kind: 'unknown', abiVersions: [], exports: [], imports: [], warnings: [], size, errors: [{ code: 'WASM_TOO_LARGE', message: `${file} is ${formatBytes(size)}; the gateway's image fetcher refuses modules over ${formatBytes(MAX_MODULE_BYTES)}.` }] }
      : checkWasm(await readFile(file).catch(unreadable), file);
  for (const w of result.warnings) ctx.reporter.warn(w.message, w.code);
  const lines = result.ok
    ? [`✓ ${args.file} passes (${formatBytes(result.size)}; ${describeCheck(result)})`]
    : [`✗ ${args.file} would not load on a Higress gateway:`, ...result.errors.map((e) => `  [${e.code}] ${e.message}`)];
  return { exitCode: result.ok ? 0 : 1, data: { file, check: result }, text: lines.join('\n') };
}
