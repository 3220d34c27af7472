import type { CommandResult, Context } from '../../context.js';
import { layerTable, verdictLine } from '../common/artifact-text.js';
import type { InspectArgs } from './spec.js';
import { classifyInspectTarget } from './target.js';

export async function inspectCmd(args: InspectArgs, ctx: Context): Promise<CommandResult> {
  const target = classifyInspectTarget(args.target, ctx.cwd);
  const result =
    target.kind === 'layout'
      ? { where: target.dir, ...(await (await import('@hplugin/artifact')).inspectLayout(target.dir, target.tag)) }
      : // The registry client loads only for a reference: a local layout needs no network code.
        { where: args.target, ...(await (await import('./remote.js')).inspectReference(target.reference, args, ctx)) };
  const text = [
    `${args.target}  ${result.descriptor.digest}  (${result.descriptor.mediaType})`,
    '',
    layerTable(result.layers),
    '',
    verdictLine(result.verdict),
  ].join('\n');
  return {
    exitCode: result.verdict.ok ? 0 : 1,
    data: { target: args.target, descriptor: result.descriptor, layers: result.layers, verdict: result.verdict, manifest: result.manifest },
    text,
  };
}
