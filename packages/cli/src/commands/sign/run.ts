import { resolve } from 'node:path';
import { UsageError } from '@hplugin/core';
import { parseReference } from '@hplugin/oci';
import { signReference } from '@hplugin/supply-chain';
import type { CommandResult, Context } from '../../context.js';
import { connection } from '../common/connection.js';
import { passwordOf } from '../common/supply-chain.js';
import type { SignArgs } from './spec.js';

export async function signCmd(args: SignArgs, ctx: Context): Promise<CommandResult> {
  const annotations: Record<string, string> = {};
  for (const a of args.annotation ?? []) {
    const eq = a.indexOf('=');
    if (eq <= 0)
      throw new UsageError('SIGN_ANNOTATION_INVALID', `"${a}" is not key=value.`, {
        hint: 'Pass -a key=value, e.g. -a commit=$(git rev-parse HEAD).',
      });
    annotations[a.slice(0, eq)] = a.slice(eq + 1);
  }
  const signed = await ctx.reporter.task(`Signing ${args.reference}`, () =>
    signReference({
      ...connection(args, ctx, undefined, parseReference(args.reference).registry),
      reference: args.reference,
      keyPath: resolve(ctx.cwd, args.key!),
      ...passwordOf(ctx.io.env),
      ...(Object.keys(annotations).length ? { annotations } : {}),
    }),
  );
  return {
    data: { ...signed },
    text: `✓ Signed ${signed.pinned}\n  ${signed.tag} (${signed.signatures} signature${signed.signatures === 1 ? '' : 's'})`,
  };
}
