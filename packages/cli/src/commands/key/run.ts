import { relative, resolve } from 'node:path';
import { generateKeyPair, keyPassword } from '@hplugin/supply-chain';
import type { CommandResult, Context } from '../../context.js';
import type { KeyGenerateArgs } from './spec.js';

export async function keyGenerateCmd(args: KeyGenerateArgs, ctx: Context): Promise<CommandResult> {
  const password = keyPassword(ctx.io.env);
  const pair = await generateKeyPair(resolve(ctx.cwd, args.output ?? 'cosign'), {
    ...(password !== undefined ? { password } : {}),
    ...(args.force ? { force: true } : {}),
  });
  if (!pair.encrypted)
    ctx.reporter.warn(
      `${relative(ctx.cwd, pair.privateKeyPath)} is not encrypted (no COSIGN_PASSWORD set): keep it secret, e.g. in a CI secret store.`,
      'KEY_UNENCRYPTED',
    );
  return {
    data: { ...pair },
    text: [
      `✓ Private key ${relative(ctx.cwd, pair.privateKeyPath)}${pair.encrypted ? ' (encrypted, cosign format)' : ' (PEM, unencrypted)'}`,
      `✓ Public key  ${relative(ctx.cwd, pair.publicKeyPath)}`,
    ].join('\n'),
  };
}
