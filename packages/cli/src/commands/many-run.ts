/**
 * One plugin or many, the same way for every stage command: resolve the targets, run the stage, and
 * print either the single plugin's result or a closing summary table.
 */
import { resolve } from 'node:path';
import type { Reporter } from '@hplugin/core';
import type { ResolvedPluginConfig } from '@hplugin/config';
import { renderTable, resolveTargets, runMany } from '@hplugin/pipeline';
import type { CommandResult, Context } from '../context.js';
import type { DirArgs, ManyArgs } from './shared.js';

export interface SummaryCells {
  status: string;
  cached?: boolean;
  size?: string;
  digest?: string;
}

export interface StageRunner<T> {
  /** `many` is true in a workspace run, where only the summary table follows. */
  run(config: ResolvedPluginConfig, reporter: Reporter, many: boolean): Promise<T>;
  summary(result: T): SummaryCells;
  single(result: T, config: ResolvedPluginConfig): CommandResult;
  /** The verb for the empty case ("No plugin to build"). */
  verb: string;
  requireVersion?: boolean;
}

export async function runStage<T>(args: DirArgs & ManyArgs, ctx: Context, stage: StageRunner<T>): Promise<CommandResult> {
  const targets = await resolveTargets({
    cwd: resolve(ctx.cwd, args.dir ?? '.'),
    ...(args.all ? { all: true } : {}),
    ...(args.filter ? { filter: args.filter } : {}),
    ...(args.changedSince ? { changedSince: args.changedSince } : {}),
    requireVersion: stage.requireVersion ?? true,
  });
  if (!targets.many) {
    const only = targets.plugins[0]!;
    return stage.single(await stage.run(only.config, ctx.reporter, false), only.config);
  }
  if (targets.plugins.length === 0) {
    return { data: { plugins: [] }, text: `No plugin to ${stage.verb}: nothing changed since ${args.changedSince}.` };
  }
  const outcomes = await runMany(targets.plugins, (p, reporter) => stage.run(targets.plugins.find((t) => t.dir === p.dir)!.config, reporter, true), {
    reporter: ctx.reporter,
    ...(args.concurrency ? { concurrency: args.concurrency } : {}),
    ...(args.continueOnError ? { continueOnError: true } : {}),
  });
  const rows = outcomes.map((o) => {
    const cfg = targets.plugins.find((t) => t.dir === o.plugin.dir)!.config;
    const cells: SummaryCells = o.status === 'ok' ? stage.summary(o.result) : { status: o.status === 'failed' ? `failed: ${o.error.code}` : 'not run' };
    const time = o.status === 'not-run' ? '-' : `${(o.durationMs / 1000).toFixed(1)}s`;
    return [o.plugin.name, cfg.version, cells.status, cells.cached === undefined ? '-' : cells.cached ? 'yes' : 'no', cells.size ?? '-', cells.digest ?? '-', time];
  });
  const failed = outcomes.filter((o) => o.status === 'failed').length;
  const table = renderTable(['plugin', 'version', 'status', 'cached', 'size', 'digest', 'time'], rows);
  return {
    exitCode: failed ? 1 : 0,
    data: {
      root: targets.root,
      plugins: outcomes.map((o) => ({
        name: o.plugin.name,
        path: o.plugin.path,
        status: o.status,
        durationMs: Math.round(o.durationMs),
        ...(o.status === 'ok' ? { result: o.result } : {}),
        ...(o.status === 'failed' ? { error: o.error.toJSON() } : {}),
      })),
    },
    text: `\n${table}\n\n${outcomes.length - failed} of ${outcomes.length} plugins ok${failed ? `, ${failed} failed` : ''}.`,
  };
}
