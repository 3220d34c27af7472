/**
 * Runs one task per plugin with bounded parallelism. Each plugin's output is buffered and written as
 * one block when it finishes. Fail-fast by default: after the first failure no new plugin starts
 * (running ones finish), and the rest are reported as not run.
 */
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';
import { createGroupReporter, toHpluginError, type HpluginError, type OptionSpelling, type Reporter } from '@hplugin/core';
import type { PluginRef } from './select.js';

export type Outcome<T> =
  | { plugin: PluginRef; status: 'ok'; result: T; durationMs: number }
  | { plugin: PluginRef; status: 'failed'; error: HpluginError; durationMs: number }
  | { plugin: PluginRef; status: 'not-run'; durationMs: 0 };

export interface RunManyOptions {
  concurrency?: number;
  continueOnError?: boolean;
  reporter: Reporter;
  /** How the printed hints spell library options (the CLI: its flags); default the libraries' own words. */
  hintSpelling?: OptionSpelling;
  /** Warning codes the plugins' output blocks leave out (--silence). */
  silence?: readonly string[];
}

export async function runMany<T>(
  plugins: PluginRef[],
  task: (plugin: PluginRef, reporter: Reporter) => Promise<T>,
  options: RunManyOptions,
): Promise<Outcome<T>[]> {
  const limit = pLimit(Math.max(1, options.concurrency ?? availableParallelism()));
  let stop = false;
  return Promise.all(
    plugins.map((plugin) =>
      limit(async (): Promise<Outcome<T>> => {
        if (stop) return { plugin, status: 'not-run', durationMs: 0 };
        const group = createGroupReporter(options.reporter, plugin.name, options.silence);
        const started = performance.now();
        try {
          const result = await task(plugin, group);
          return { plugin, status: 'ok', result, durationMs: performance.now() - started };
        } catch (thrown) {
          const error = toHpluginError(thrown);
          const hint = error.hintFor(options.hintSpelling ?? {});
          group.info(`✗ error[${error.code}]: ${error.message}${hint ? `\nhint: ${hint}` : ''}`);
          if (!options.continueOnError) stop = true;
          return { plugin, status: 'failed', error, durationMs: performance.now() - started };
        } finally {
          group.flush();
        }
      }),
    ),
  );
}
