import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { UsageError } from '@hplugin/core';
// `run` needs one VM only: the test runner (TypeBox, Ajv, diff) loads with `test` alone.
import { createHost, type RequestResult } from '@hplugin/host/host-only';
import { runBuild, resolveTargets } from '@hplugin/pipeline';
import type { CommandResult, Context } from '../../context.js';
import type { RunArgs } from './spec.js';

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
    throw new UsageError('RUN_CONFIG_INVALID', `--config is neither JSON nor YAML: ${(err as Error).message.split('\n')[0]}`, {
      hint: 'Pass e.g. --config \'{"header":"hi"}\' or --config @config.json.',
    });
  }
}

function renderRun(r: RequestResult): string {
  const headers = (h: Array<[string, string]>) => h.map(([k, v]) => `    ${k}: ${v}`).join('\n');
  const out: string[] = [];
  const actions = Object.entries(r.actions)
    .filter(([, a]) => a)
    .map(([k, a]) => `${k}=${a}`);
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
    const via =
      client.source === 'local-reply' ? " (the local reply after the plugin's response callbacks; the upstream never saw the request)" : '';
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
    logLevel: args.logLevel,
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
      response: {
        status: args.status,
        headers: pairs(args.responseHeader, 'response-header'),
        ...(responseBody !== undefined ? { body: responseBody } : {}),
      },
    });
    return {
      data: { plugin: config.name, wasm: relative(ctx.cwd, build.wasmPath), result: bytesAsBase64(result) },
      text: renderRun(result),
    };
  } finally {
    host.close();
  }
}
