/**
 * tidyModule: `go mod tidy` in the new plugin. The templates ship a complete go.sum, so this only
 * matters when the module cache is cold or the user changed go.mod; a failure keeps the files.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { HpluginError, silentReporter, type Reporter } from '@hplugin/core';

export interface TidyOptions {
  /** The go binary (build.go in hplugin.config.yaml); default `go` on the PATH. */
  goBinary?: string;
  /** Extra environment, e.g. GOPROXY or GOFLAGS. */
  env?: Record<string, string>;
  reporter?: Reporter;
}

export interface TidyResult {
  /** false when the folder has no go.mod (nothing to tidy). */
  ran: boolean;
  durationMs: number;
}

const tail = (text: string, lines: number): string => text.trim().split('\n').slice(-lines).join('\n');

export async function tidyModule(dir: string, options: TidyOptions = {}): Promise<TidyResult> {
  if (!existsSync(join(dir, 'go.mod'))) return { ran: false, durationMs: 0 };
  const reporter = options.reporter ?? silentReporter();
  const go = options.goBinary ?? 'go';
  const started = performance.now();
  const result = await reporter.task('go mod tidy', () =>
    execa(go, ['mod', 'tidy'], { cwd: dir, env: options.env ?? {}, all: true, reject: false, stdin: 'ignore' }),
  );
  const retry = `cd ${dir} && go mod tidy`;
  if ((result as { code?: string }).code === 'ENOENT' || (result.failed && result.exitCode === undefined)) {
    throw new HpluginError(
      'SCAFFOLD_GO_NOT_FOUND',
      `Could not run ${go}: ${result.shortMessage ?? 'not found'}. The plugin files were written and kept in ${dir}.`,
      {
        hint: `Install Go 1.24 or newer (or set build.go), then run: ${retry}`,
        details: { dir, goBinary: go },
      },
    );
  }
  if (result.failed) {
    throw new HpluginError(
      'SCAFFOLD_TIDY_FAILED',
      `go mod tidy failed in ${dir} (exit ${result.exitCode}); the plugin files were written and kept:\n${tail(String(result.all ?? ''), 15)}`,
      {
        hint: `Fix the cause above (network, GOPROXY, GONOSUMDB/GOPRIVATE, or go.mod), then run: ${retry}`,
        details: { dir, exitCode: result.exitCode },
      },
    );
  }
  return { ran: true, durationMs: performance.now() - started };
}
