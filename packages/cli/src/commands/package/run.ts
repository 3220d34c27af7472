import { relative } from 'node:path';
import { formatBytes } from '@hplugin/core';
import { runPackage, type PackageStageResult } from '@hplugin/pipeline';
import type { CommandResult, Context } from '../../context.js';
import { layerTable, verdictLine } from '../common/artifact-text.js';
import { runStage } from '../common/many-run.js';
import type { WrittenSbom } from '../common/supply-chain.js';
import type { PackageArgs } from './spec.js';

// The supply-chain code (keys, signatures, SBOMs) loads only when a flag or the config asks for it.
const supplyChain = () => import('../common/supply-chain.js');

export async function packageCmd(args: PackageArgs, ctx: Context): Promise<CommandResult> {
  return runStage<PackageStageResult & { sbom?: Omit<WrittenSbom, 'bytes'> }>(args, ctx, {
    verb: 'package',
    digestHeader: 'manifest digest',
    ...(args.version ? { version: args.version } : {}),
    run: async (config, reporter) => {
      const r = await runPackage(args.format ? { ...config, package: { ...config.package, format: args.format } } : config, {
        reporter,
        signal: ctx.signal,
        ...(args.strict !== undefined ? { strict: args.strict } : {}),
      });
      return args.sbom !== undefined || config.package.sbom !== 'none'
        ? (await supplyChain()).sbomAfterPackage(r, config, args.sbom, ctx, reporter)
        : r;
    },
    summary: (r) => ({
      status: 'packaged',
      cached: r.build.cached,
      size: formatBytes(r.package.layers.reduce((n, l) => n + l.size, 0)),
      digest: r.package.manifestDigest.slice(0, 19),
    }),
    single: (r, config) => ({
      data: {
        plugin: config.name,
        version: config.version,
        build: r.build,
        package: r.package,
        metadata: r.metadata,
        sbom: r.sbom ?? null,
      },
      text: [
        `✓ Packaged ${config.name}:${config.version} (${r.package.format}; version from ${config.sources.version ?? 'the config'}) into ${relative(ctx.cwd, r.package.layoutDir) || '.'}`,
        `  digest ${r.package.manifestDigest}`,
        `  phase ${r.metadata.phase}, priority ${r.metadata.priority}, failStrategy ${r.metadata.failStrategy} (${r.metadata.sources.failStrategy})`,
        ...(r.package.generatedReadme
          ? ['  README.md: none in the plugin folder; the artifact carries a generated minimal one (--strict makes this an error)']
          : []),
        ...(r.sbom ? [`  sbom   ${relative(ctx.cwd, r.sbom.path)} (${r.sbom.format}, ${r.sbom.components} components)`] : []),
        '',
        layerTable(r.package.layers),
        '',
        verdictLine(r.package.verdict),
        `\nNext: hplugin publish${config.publish.registry ? '' : ' --registry <host>'}   (or: oras cp --from-oci-layout ${relative(ctx.cwd, r.package.layoutDir) || '.'}:${config.version} <ref>)`,
      ].join('\n'),
    }),
  });
}
