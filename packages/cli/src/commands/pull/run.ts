import { relative, resolve } from 'node:path';
import { formatBytes, UsageError } from '@hplugin/core';
import { parseReference } from '@hplugin/oci';
import { pullPlugin } from '@hplugin/publish';
import type { CommandResult, Context } from '../../context.js';
import { verdictLine } from '../common/artifact-text.js';
import { connection } from '../common/connection.js';
import { verifiedFirst } from '../common/verify-first.js';
import type { PullArgs } from './spec.js';

/**
 * Where a pull extracts by default: a new folder named after the plugin and its version
 * (./hello-1.0.0/, or ./hello-sha256-<12 hex>/ for a pull by digest), never the current folder,
 * which may hold a plugin's sources.
 */
export function defaultPullFolder(reference: string): string {
  const ref = parseReference(reference);
  const name = ref.repository.split('/').pop()!;
  const version = ref.tag ?? (ref.digest ? ref.digest.replace(':', '-').slice(0, 'sha256-'.length + 12) : 'latest');
  return `${name}-${version}`;
}

export async function pullCmd(args: PullArgs, ctx: Context): Promise<CommandResult> {
  const outDir = resolve(ctx.cwd, args.output ?? defaultPullFolder(args.reference));
  const verified = await verifiedFirst(args, ctx, args.reference);
  const result = await pullPlugin({
    ...connection(args, ctx, undefined, parseReference(args.reference).registry),
    // Verified: pull the exact digest whose signature was checked, even if the tag moves meanwhile.
    reference: verified?.pinned ?? args.reference,
    outDir,
    ...(args.force ? { force: true } : {}),
    ...(args.maxBlobSize !== undefined ? { maxBlobBytes: mebibytes(args.maxBlobSize, '--max-blob-size') } : {}),
    ...(args.ociLayout ? { layoutDir: resolve(ctx.cwd, args.ociLayout), layoutTag: parseReference(args.reference).tag ?? 'latest' } : {}),
  });
  const files = result.files.map((f) => `  ${relative(ctx.cwd, f.path) || f.path}  ${formatBytes(f.size)}`);
  return {
    exitCode: 0,
    data: { ...result, outDir, verified: verified ? { tag: verified.tag, signatures: verified.verified.length } : null },
    text: [
      `✓ Pulled ${result.reference} into ${relative(ctx.cwd, outDir) || '.'}${args.output ? '' : ' (the default: <name>-<version>; -o to choose)'}`,
      ...(verified ? [`✓ signature verified (${verified.tag})`] : []),
      ...files,
      verdictLine(result.verdict),
    ].join('\n'),
  };
}

function mebibytes(value: number, flag: string): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new UsageError('USAGE', `${flag} must be a positive number of MiB, not ${value}.`, { hint: `For example ${flag} 512.` });
  return Math.round(value * 1024 * 1024);
}
