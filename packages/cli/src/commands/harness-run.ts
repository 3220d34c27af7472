import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { UsageError, type HpluginError } from '@hplugin/core';
import type { ResolvedPluginConfig } from '@hplugin/config';
import type { CaseResult, ReplySummary, TestFileResult } from '@hplugin/host/runner';
// `run` needs one VM only: the test runner (TypeBox, Ajv, diff) loads with `test` alone.
import { createHost, type RequestResult } from '@hplugin/host/host-only';
import { runBuild, resolveTargets } from '@hplugin/pipeline';
import type { CommandResult, Context } from '../context.js';
import { runStage } from './many-run.js';
import type { RunArgs, TestArgs } from './harness.js';

/** A failed case that answered locally shows both views, since expectations address the client's. */
function localReplyLines(reply: NonNullable<CaseResult['localReply']>): string[] {
  const show = (r: ReplySummary) =>
    [String(r.status), r.headers.map(([k, v]) => `${k}: ${v}`).join('; '), r.body ? `body ${JSON.stringify(r.body)}` : ''].filter(Boolean).join(' ');
  return [
    `    local reply the plugin sent: ${show(reply.sent)}`,
    `    the client receives (after the response callbacks): ${reply.client ? show(reply.client) : 'nothing (the stream was reset)'}`,
  ];
}

function renderCases(result: TestFileResult): string {
  const lines: string[] = [];
  for (const c of result.cases) {
    lines.push(`${c.ok ? '✓' : '✗'} ${c.name} (${c.durationMs.toFixed(1)}ms)`);
    if (c.error && !c.ok) lines.push(`    error[${c.error.code}]: ${c.error.message.split('\n').join('\n    ')}`);
    if (c.localReply && !c.ok) lines.push(...localReplyLines(c.localReply));
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
  const { runTestFile } = await import('@hplugin/host/runner');
  // The runner's own per-case warnings would repeat what renderCases prints.
  return runTestFile(file, { wasm: build.wasmPath, ...(args.case ? { filter: args.case } : {}) });
}

export async function test(args: TestArgs, ctx: Context): Promise<CommandResult> {
  // In a workspace, --case may match cases of some plugins only: the others run nothing. It is bad
  // input only when it matches no case of any plugin (the first plugin's error then says so).
  let noMatch: HpluginError | undefined;
  const { isNoCaseMatched } = await import('@hplugin/host/runner');
  const result = await runStage<TestFileResult>(args, ctx, {
    verb: 'test',
    requireVersion: false,
    run: async (config, reporter, many) => {
      let r: TestFileResult;
      try {
        r = await testPlugin(config, args, ctx, reporter);
      } catch (error) {
        if (!many || !isNoCaseMatched(error)) throw error;
        noMatch ??= error;
        return { ok: true, cases: [], durationMs: 0 };
      }
      // In a workspace run the failing plugin's cases are shown in its output block.
      if (many && !r.ok) reporter.info(renderCases(r));
      return r;
    },
    summary: (r) => ({ status: r.cases.length === 0 ? 'no case matched' : r.ok ? `${r.cases.length} passed` : `${r.cases.filter((c) => !c.ok).length} failed` }),
    single: (r, config) => ({
      exitCode: r.ok ? 0 : 1,
      data: { plugin: config.name, test: r },
      text: renderCases(r),
    }),
  });
  const plugins = result.data.plugins as Array<{ result?: TestFileResult }> | undefined;
  if (noMatch && plugins?.every((p) => p.result && p.result.cases.length === 0)) throw noMatch;
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

/** name=value flags; header names are lower-cased, property paths are kept as written. */
function pairs(values: string[] | undefined, flag: string, lowerCase = true): Array<[string, string]> {
  const example = flag === 'property' ? 'route_name=r1' : 'x-user=alice';
  return (values ?? []).map((v) => {
    const at = v.indexOf('=');
    if (at <= 0) throw new UsageError('USAGE', `--${flag} "${v}" is not name=value.`, { hint: `Write it as --${flag} ${example}.` });
    const name = v.slice(0, at);
    return [lowerCase ? name.toLowerCase() : name, v.slice(at + 1)];
  });
}

async function pluginConfig(value: string | undefined, cwd: string): Promise<unknown> {
  const text = await textOrFile(value, cwd);
  if (text === undefined) return undefined;
  const { parse: parseYaml } = await import('yaml');
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
  const local = r.localResponse;
  if (local) {
    out.push(`local reply the plugin sent: ${local.status}${local.details ? ` (${local.details})` : ''}`);
    if (local.headers.length) out.push(headers(local.headers));
    if (local.body) out.push(`  body: ${local.body}`);
  } else {
    out.push('request as the upstream would see it:', headers(r.requestHeaders));
    if (r.requestBody) out.push(`  body: ${r.requestBody}`);
  }
  const client = r.clientResponse;
  if (client) {
    const via = client.source === 'local-reply' ? ' (the local reply after the plugin\'s response callbacks; the upstream never saw the request)' : '';
    out.push(`response the client receives${via}:`, headers(client.headers));
    if (client.body) out.push(`  body: ${client.body}`);
  } else if (r.stalled) {
    out.push(`the plugin held the ${r.stalled} and never resumed it: on a gateway the client would wait until a timeout`);
  } else if (r.closed) {
    out.push('the plugin reset the stream: the client receives no response');
  }
  if (r.callouts.length) {
    const calls = r.callouts.map((c) => `${c.method} ${c.cluster}${c.path}${c.timedOut ? ' (timed out: 504)' : ''}`);
    out.push(`callouts: ${calls.join(', ')}`);
  }
  if (r.unknownClusters.length) out.push(`callouts refused at dispatch (no such cluster, BadArgument): ${r.unknownClusters.join(', ')}`);
  if (r.logs.length) out.push('logs:', ...r.logs.map((l) => `  [${l.level}] ${l.message}`));
  if (r.stubbedCalls.length) out.push(`host functions hplugin does not implement were called: ${[...new Set(r.stubbedCalls)].join(', ')}`);
  return out.join('\n');
}

/** JSON has no bytes: the *Bytes fields (bodies, which may be binary) go out as base64 strings. */
function bytesAsBase64(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (Array.isArray(value)) return value.map(bytesAsBase64);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bytesAsBase64(v)]));
  return value;
}

export async function runOnce(args: RunArgs, ctx: Context): Promise<CommandResult> {
  const targets = await resolveTargets({ cwd: resolve(ctx.cwd, args.dir ?? '.'), requireVersion: false });
  const config = targets.plugins[0]!.config;
  const build = await runBuild(config, { reporter: ctx.reporter, signal: ctx.signal });
  const host = await createHost({
    wasm: build.wasmPath,
    config: await pluginConfig(args.config, ctx.cwd),
    logLevel: args.logLevel as 'info',
    properties: Object.fromEntries(pairs(args.property, 'property', false)),
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
    return { data: { plugin: config.name, wasm: relative(ctx.cwd, build.wasmPath), result: bytesAsBase64(result) }, text: renderRun(result) };
  } finally {
    host.close();
  }
}
