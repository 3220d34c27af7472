import { relative } from 'node:path';
import type { BuildResult } from '@hplugin/build';
import { formatBytes } from '@hplugin/core';
import { runBuild } from '@hplugin/pipeline';
import type { CommandResult, Context } from '../../context.js';
import { describeCheck } from '../common/check-text.js';
import { runStage } from '../common/many-run.js';
import type { BuildArgs } from './spec.js';

export async function build(args: BuildArgs, ctx: Context): Promise<CommandResult> {
  return runStage<BuildResult>(args, ctx, {
    verb: 'build',
    digestHeader: 'inputs hash',
    requireVersion: false,
    run: (config, reporter) =>
      runBuild(args.prepare === undefined ? config : { ...config, build: { ...config.build, prepare: args.prepare } }, {
        reporter,
        signal: ctx.signal,
        ...(args.force ? { force: true } : {}),
      }),
    summary: (r) => ({ status: 'built', cached: r.cached, size: formatBytes(r.size), digest: r.inputsHash.slice(0, 12) }),
    single: (r, config) => ({
      data: { plugin: config.name, version: config.version, build: r },
      text: `${r.cached ? '✓ Up to date (cached)' : '✓ Built'} ${config.name} → ${relative(ctx.cwd, r.wasmPath) || r.wasmPath} (${formatBytes(r.size)}; ${describeCheck(r.check)})`,
    }),
  });
}
