/**
 * One plugin or many, the same way for every stage command: resolve the targets, run the stage, and
 * print either the single plugin's result or a closing summary table.
 */
import { resolve } from 'node:path';
import { renderTable, withSilencedWarnings, type Reporter } from '@hplugin/core';
import type { ResolvedPluginConfig } from '@hplugin/config';
import { resolveTargets, runMany } from '@hplugin/pipeline';
import type { CommandResult, Context } from '../../context.js';
import type { DirArgs, ManyArgs } from '../shared.js';
import { CLI_OPTION_SPELLING } from '../../option-spelling.js';

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
  /**
   * What the summary's digest column holds, as its header: one thing per table (the build's inputs
   * hash is not a manifest digest, and the two must never share a column).
   */
  digestHeader?: string;
  requireVersion?: boolean;
  /** Checks across the selected plugins, before any of them runs (throws a UsageError). */
  preflight?(configs: ResolvedPluginConfig[]): void;
  /** --version (one plugin only). */
  version?: string;
}

/** Where the version came from, in a word or two for the table ("VERSION", "git tag", "config"). */
export function versionSourceLabel(source: string | undefined): string {
  if (!source) return '-';
  if (source === 'VERSION' || source === '--version') return source;
  if (source.startsWith('git tag ')) return 'git tag';
  if (source.startsWith('default')) return 'none (0.0.0)';
  return 'config';
}

export async function runStage<T>(args: DirArgs & ManyArgs, ctx: Context, stage: StageRunner<T>): Promise<CommandResult> {
  const targets = await resolveTargets({
    cwd: resolve(ctx.cwd, args.dir ?? '.'),
    ...(args.all ? { all: true } : {}),
    ...(args.filter ? { filter: args.filter } : {}),
    ...(args.changedSince ? { changedSince: args.changedSince } : {}),
    ...(args.continueOnError ? { continueOnError: true } : {}),
    ...(stage.version ? { version: stage.version } : {}),
    requireVersion: stage.requireVersion ?? true,
  });
  if (!targets.many) {
    const only = targets.plugins[0]!;
    const reporter = withSilencedWarnings(ctx.reporter, only.config.silenceWarnings);
    const result = stage.single(await stage.run(only.config, reporter, false), only.config);
    return { ...result, data: { ...result.data, versionSource: only.config.sources.version ?? null } };
  }
  if (targets.selected.length === 0) {
    return { data: { plugins: [] }, text: `No plugin to ${stage.verb}: nothing changed since ${args.changedSince}.` };
  }
  stage.preflight?.(targets.plugins.map((t) => t.config));
  const configOf = (dir: string) => targets.plugins.find((t) => t.dir === dir)?.config;
  const unresolvedError = (dir: string) => targets.unresolved.find((t) => t.dir === dir)?.error;
  const outcomes = await runMany(
    targets.selected,
    (p, reporter) => {
      // A plugin whose config did not resolve (only with --continue-on-error) is one failed row.
      const error = unresolvedError(p.dir);
      if (error) return Promise.reject(error);
      const config = configOf(p.dir)!;
      return stage.run(config, withSilencedWarnings(reporter, config.silenceWarnings), true);
    },
    {
      reporter: ctx.reporter,
      hintSpelling: CLI_OPTION_SPELLING,
      silence: ctx.silence,
      ...(args.concurrency ? { concurrency: args.concurrency } : {}),
      ...(args.continueOnError ? { continueOnError: true } : {}),
    },
  );
  const cellsOf = (o: (typeof outcomes)[number]): SummaryCells =>
    o.status === 'ok' ? stage.summary(o.result) : { status: o.status === 'failed' ? `failed: ${o.error.code}` : 'not run' };
  const digestHeader = stage.digestHeader ?? 'digest';
  const rows = outcomes.map((o) => {
    const cfg = configOf(o.plugin.dir);
    const cells = cellsOf(o);
    const time = o.status === 'not-run' ? '-' : `${(o.durationMs / 1000).toFixed(1)}s`;
    return [
      o.plugin.name,
      cfg?.version ?? '-',
      versionSourceLabel(cfg?.sources.version),
      cells.status,
      cells.cached === undefined ? '-' : cells.cached ? 'yes' : 'no',
      cells.size ?? '-',
      cells.digest ?? '-',
      time,
    ];
  });
  const counts = {
    ok: outcomes.filter((o) => o.status === 'ok').length,
    failed: outcomes.filter((o) => o.status === 'failed').length,
    notRun: outcomes.filter((o) => o.status === 'not-run').length,
    // Cached counts among the ok ones: a cache hit is a kind of success, not a fourth outcome.
    cached: outcomes.filter((o) => o.status === 'ok' && cellsOf(o).cached === true).length,
  };
  const table = renderTable(['plugin', 'version', 'version from', 'status', 'cached', 'size', digestHeader, 'time'], rows);
  return {
    exitCode: counts.failed || counts.notRun ? 1 : 0,
    data: {
      root: targets.root,
      counts: { total: outcomes.length, ...counts },
      digestColumn: digestHeader,
      plugins: outcomes.map((o) => {
        const cfg = configOf(o.plugin.dir);
        return {
          name: o.plugin.name,
          path: o.plugin.path,
          status: o.status,
          version: cfg?.version ?? null,
          versionSource: cfg?.sources.version ?? null,
          durationMs: Math.round(o.durationMs),
          ...(o.status === 'ok' ? { result: o.result } : {}),
          ...(o.status === 'failed' ? { error: { ...o.error.toJSON(), hint: o.error.hintFor(CLI_OPTION_SPELLING) } } : {}),
        };
      }),
    },
    text: `\n${table}\n\n${summaryLine(outcomes.length, counts)}`,
  };
}

/** "8 plugins: 3 ok (2 cached), 1 failed, 4 not run.": each outcome counted once, none implied. */
export function summaryLine(total: number, counts: { ok: number; failed: number; notRun: number; cached: number }): string {
  const parts = [`${counts.ok} ok${counts.cached ? ` (${counts.cached} cached)` : ''}`];
  if (counts.failed) parts.push(`${counts.failed} failed`);
  if (counts.notRun) parts.push(`${counts.notRun} not run`);
  return `${total} plugin${total === 1 ? '' : 's'}: ${parts.join(', ')}.`;
}
