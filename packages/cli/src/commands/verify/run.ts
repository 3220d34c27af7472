import { parseReference } from '@hplugin/oci';
import type { CommandResult, Context } from '../../context.js';
import { connection } from '../common/connection.js';
import { verifyBeforeUse } from '../common/supply-chain.js';
import type { VerifyArgs } from './spec.js';

export async function verifyCmd(args: VerifyArgs, ctx: Context): Promise<CommandResult> {
  const result = await verifyBeforeUse(
    args.reference,
    args.key!,
    connection(args, ctx, undefined, parseReference(args.reference).registry),
    ctx,
  );
  return {
    data: { ...result },
    text: [
      `✓ Verified ${result.pinned}`,
      `  ${result.verified.length} valid signature${result.verified.length === 1 ? '' : 's'} for this key under ${result.tag}${result.rejected.length ? ` (${result.rejected.length} other signature(s) did not match)` : ''}`,
      ...result.sboms.map((d) => `  SBOM ${d.artifactType} ${d.digest}`),
    ].join('\n'),
  };
}
