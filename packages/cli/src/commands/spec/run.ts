import { join, relative, resolve } from 'node:path';
import { writeFileAtomic } from '@hplugin/core';
import { resolvePluginConfig } from '@hplugin/config';
import { runCheckSpec, runGenerateSpec } from '@hplugin/pipeline';
import type { CommandResult, Context } from '../../context.js';
import type { SpecArgs } from './spec.js';

export async function spec(args: SpecArgs, ctx: Context): Promise<CommandResult> {
  const cfg = await resolvePluginConfig({ cwd: resolve(ctx.cwd, args.dir ?? '.'), requireVersion: false });
  const target = join(cfg.pluginDir, args.output ?? 'spec.yaml');
  if (args.check) {
    const result = await runCheckSpec(cfg, ctx.reporter, relative(cfg.pluginDir, target));
    const shown = relative(ctx.cwd, result.specPath) || result.specPath;
    const text = result.upToDate
      ? `✓ ${shown} matches the Go annotations and config`
      : !result.exists
        ? `✗ ${shown} does not exist. Run \`hplugin spec\` to write it.`
        : [
            `✗ ${shown} is out of date (${result.diff.length} difference${result.diff.length === 1 ? '' : 's'}):`,
            ...result.diff.map((d) => `  ${d.path}: committed ${JSON.stringify(d.committed)}, generated ${JSON.stringify(d.generated)}`),
            'Run `hplugin spec` to rewrite it.',
          ].join('\n');
    return {
      exitCode: result.upToDate ? 0 : 1,
      data: { upToDate: result.upToDate, exists: result.exists, specPath: result.specPath, diff: result.diff },
      text,
    };
  }
  const result = await runGenerateSpec(cfg, ctx.reporter);
  if (args.stdout) return { data: { spec: result.spec, sources: result.sources }, text: result.yaml };
  await writeFileAtomic(target, result.yaml);
  return {
    data: { specPath: target, spec: result.spec, sources: result.sources, configStruct: result.configStruct },
    text: `✓ Wrote ${relative(ctx.cwd, target) || target} from ${result.configStruct.name} (${relative(ctx.cwd, result.configStruct.file)}:${result.configStruct.line})`,
  };
}
