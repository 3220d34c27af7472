import { join } from 'node:path';
import type { HpluginError } from '@hplugin/core';
import type { ResolvedPluginConfig } from '@hplugin/config';
import type { CaseResult, ReplySummary, TestFileResult } from '@hplugin/host/runner';
import { runBuild } from '@hplugin/pipeline';
import type { CommandResult, Context } from '../../context.js';
import { runStage } from '../common/many-run.js';
import type { TestArgs } from './spec.js';

/** A failed case that answered locally shows both views, since expectations address the client's. */
function localReplyLines(reply: NonNullable<CaseResult['localReply']>): string[] {
  const show = (r: ReplySummary) =>
    [String(r.status), r.headers.map(([k, v]) => `${k}: ${v}`).join('; '), r.body ? `body ${JSON.stringify(r.body)}` : '']
      .filter(Boolean)
      .join(' ');
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
      lines.push(
        ...(f.diff ?? `expected ${JSON.stringify(f.expected)}, got ${JSON.stringify(f.actual)}`).split('\n').map((l) => `      ${l}`),
      );
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
    summary: (r) => ({
      status:
        r.cases.length === 0 ? 'no case matched' : r.ok ? `${r.cases.length} passed` : `${r.cases.filter((c) => !c.ok).length} failed`,
    }),
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
