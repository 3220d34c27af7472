import type { VerifyReferenceResult } from '@hplugin/supply-chain';
import type { Context } from '../../context.js';
import type { ConnectionArgs } from '../shared.js';

/**
 * With --verify (or --key): check the signature before anything is downloaded or printed. The
 * supply-chain code loads only then: a pull or manifest without the flags never imports it.
 */
export async function verifiedFirst(
  args: ConnectionArgs & { verify?: boolean | undefined; key?: string | undefined },
  ctx: Context,
  reference: string,
): Promise<VerifyReferenceResult | undefined> {
  if (!args.verify && !args.key) return undefined;
  const { connection } = await import('./connection.js');
  const { parseReference } = await import('@hplugin/oci');
  const { requireKey, verifyBeforeUse } = await import('./supply-chain.js');
  const key = requireKey(args.verify, args.key, '--verify')!;
  return verifyBeforeUse(reference, key, connection(args, ctx, undefined, parseReference(reference).registry), ctx);
}
