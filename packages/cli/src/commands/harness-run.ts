import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '@hplugin/core';
import type { ResolvedPluginConfig } from '@hplugin/config';
import { createHost, runTestFile, type RequestResult, type TestFileResult } from '@hplugin/host';
import { runBuild, resolveTargets } from '@hplugin/pipeline';
import type { CommandResult, Context } from '../context.js';
import { runStage } from './many-run.js';
import type { RunArgs, TestArgs } from './harness.js';

function renderCases(result: TestFileResult): string {
  const lines: string[] = [];
  for (const c of result.cases) {
    lines.push(`${c.ok ? '✓' : '✗'} ${c.name} (${c.durationMs.toFixed(1)}ms)`);
    if (c.error && !c.ok) lines.push(`    error[${c.error.code}]: ${c.error.message.split('\n').join('\n    ')}`);
    for (const f of c.failures) {
      lines.push(`    ${f.path}:`);
      lines.push(...(f.diff ?? `expected ${JSON.stringify(f.expected)}, got ${JSON.stringify(f.actual)}`).split('\n').map((l) => `      ${l}`));
    }
  }
  const failed = result.cases.filter((c) => !c.ok).length;
  lines.push('', `${result.cases.length - failed} passed, ${failed} failed`);
  return lines.join('\n');
}

/** Build when stale (so the cases test exactly what would be published), then run the file. */
async function testPlugin(config: ResolvedPluginConfig, args: TestArgs, ctx: Context, reporter = ctx.reporter): Promise<TestFileResult> {
  const file = join(config.pluginDir, args.file ?? 'hplugin.test.yaml');
  const build = await runBuild(config, { reporter, signal: ctx.signal });
  // The runner's own per-case warnings would repeat what renderCases prints.
  return runTestFile(file, { wasm: build.wasmPath, ...(args.case ? { filter: args.case } : {}) });
}

export async function test(args: TestArgs, ctx: Context): Promise<CommandResult> {
  const result = await runStage<TestFileResult>(args, ctx, {
    verb: 'test',
    requireVersion: false,
    run: async (config, reporter, many) => {
      const r = await testPlugin(config, args, ctx, reporter);
      // In a workspace run the failing plugin's cases are shown in its output block.
      if (many && !r.ok) reporter.info(renderCases(r));
      return r;
    },
    summary: (r) => ({ status: r.ok ? `${r.cases.length} passed` : `${r.cases.filter((c) => !c.ok).length} failed` }),
    single: (r, config) => ({
      exitCode: r.ok ? 0 : 1,
      data: { plugin: config.name, test: r },
      text: renderCases(r),
    }),
  });
  const plugins = result.data.plugins as Array<{ result?: TestFileResult }> | undefined;
  if (plugins?.some((p) => p.result && !p.result.ok)) result.exitCode = 1;
  return result;
}

async function textOrFile(value: string | undefined, cwd: string): Promise<string | undefined> {
  if (value === undefined || !value.startsWith('@')) return value;
  const path = resolve(cwd, value.slice(1));
  return readFile(path, 'utf8').catch(() => {
    throw new UsageError('RUN_FILE_UNREADABLE', `Cannot read ${path}.`, { hint: 'Check the path after "@".' });
  });
}

function pairs(values: string[] | undefined, flag: string): Array<[string, string]> {
  return (values ?? []).map((v) => {
    const at = v.indexOf('=');
    if (at <= 0) throw new UsageError('USAGE', `--${flag} "${v}" is not name=value.`, { hint: `Write it as --${flag} x-user=alice.` });
    return [v.slice(0, at).toLowerCase(), v.slice(at + 1)];
  });
}

async function pluginConfig(value: string | undefined, cwd: string): Promise<unknown> {
  const text = await textOrFile(value, cwd);
  if (text === undefined) return undefined;
  try {
    return parseYaml(text);
  } catch (err) {
    throw new UsageError('RUN_CONFIG_INVALID', `--config is neither JSON nor YAML: ${(err as Error).message.split('\n')[0]}`, { hint: 'Pass e.g. --config \'{"header":"hi"}\' or --config @config.json.' });
  }
}

function renderRun(r: RequestResult): string {
  const headers = (h: Array<[string, string]>) => h.map(([k, v]) => `    ${k}: ${v}`).join('\n');
  const out: string[] = [];
  const actions = Object.entries(r.actions).filter(([, a]) => a).map(([k, a]) => `${k}=${a}`);
  out.push(`actions: ${actions.join(', ')}`);
  if (r.localResponse) {
    out.push(`local response (the request never reached the upstream): ${r.localResponse.status}${r.localResponse.details ? ` (${r.localResponse.details})` : ''}`);
    out.push(headers(r.localResponse.headers));
    if (r.localResponse.body) out.push(`  body: ${r.localResponse.body}`);
  } else {
    out.push('request as the upstream would see it:', headers(r.requestHeaders));
    if (r.requestBody) out.push(`  body: ${r.requestBody}`);
    out.push('response as the client would see it:', headers(r.responseHeaders));
    if (r.responseBody) out.push(`  body: ${r.responseBody}`);
  }
  if (r.callouts.length) out.push(`callouts: ${r.callouts.map((c) => `${c.method} ${c.cluster}${c.path}`).join(', ')}`);
  if (r.logs.length) out.push('logs:', ...r.logs.map((l) => `  [${l.level}] ${l.message}`));
  if (r.stubbedCalls.length) out.push(`host functions hplugin does not implement were called: ${[...new Set(r.stubbedCalls)].join(', ')}`);
  return out.join('\n');
}

export async function runOnce(args: RunArgs, ctx: Context): Promise<CommandResult> {
  const targets = await resolveTargets({ cwd: resolve(ctx.cwd, args.dir ?? '.'), requireVersion: false });
  const config = targets.plugins[0]!.config;
  const build = await runBuild(config, { reporter: ctx.reporter, signal: ctx.signal });
  const host = await createHost({
    wasm: build.wasmPath,
    config: await pluginConfig(args.config, ctx.cwd),
    logLevel: args.logLevel as 'info',
    reporter: ctx.reporter,
  });
  try {
    const requestBody = await textOrFile(args.body, ctx.cwd);
    const responseBody = await textOrFile(args.responseBody, ctx.cwd);
    const result = await host.request({
      method: args.method,
      path: args.path,
      authority: args.authority,
      headers: pairs(args.header, 'header'),
      ...(requestBody !== undefined ? { body: requestBody } : {}),
      response: { status: args.status, headers: pairs(args.responseHeader, 'response-header'), ...(responseBody !== undefined ? { body: responseBody } : {}) },
    });
    return { data: { plugin: config.name, wasm: relative(ctx.cwd, build.wasmPath), result }, text: renderRun(result) };
  } finally {
    host.close();
  }
}
