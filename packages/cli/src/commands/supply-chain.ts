/** Argument specs of `hplugin key`, `sign` and `verify`, and the supply-chain flags other commands share. */
import type { Argv } from 'yargs';
import { defineCommand } from '../command.js';
import { withConnection, type ConnectionArgs } from './shared.js';

/** `--sign --key`, `--verify --key`: the key flags of publish, pull and manifest. */
export interface KeyArgs {
  key?: string;
}

export function withKey<T>(y: Argv<T>, describe: string): Argv<T & KeyArgs> {
  return y.option('key', { type: 'string', group: 'Supply chain:', describe }) as Argv<T & KeyArgs>;
}

export interface KeyGenerateArgs {
  output?: string;
  force?: boolean;
}

export const keyCommand = defineCommand({
  command: 'key',
  describe: 'Manage signing keys (ECDSA P-256, compatible with cosign)',
  builder: (y) => y.demandCommand(1) as any,
  subcommands: [
    defineCommand<KeyGenerateArgs>({
      command: 'generate',
      describe: 'Write a key pair: <output>.key (private, encrypted with $COSIGN_PASSWORD when set) and <output>.pub',
      builder: (y) =>
        y
          .option('output', { alias: 'o', type: 'string', default: 'cosign', describe: 'Path prefix of the two files' })
          .option('force', { type: 'boolean', describe: 'Overwrite existing key files' })
          .example('COSIGN_PASSWORD=… hplugin key generate', 'cosign.key in cosign\'s encrypted format, and cosign.pub') as any,
      run: async (args, ctx) => (await import('./supply-chain-run.js')).keyGenerateCmd(args, ctx),
    }),
  ],
  run: async () => ({ data: {} }),
});

export interface SignArgs extends ConnectionArgs, KeyArgs {
  reference: string;
  annotation?: string[];
}

export const signCommand = defineCommand<SignArgs>({
  command: 'sign <reference>',
  describe: 'Sign a published plugin (cosign format: a sha256-<digest>.sig tag next to it); `cosign verify --key` accepts it',
  builder: (y) =>
    withKey(withConnection(y), 'Private key: PEM, or cosign.key (password from $COSIGN_PASSWORD)')
      .positional('reference', { type: 'string', demandOption: true, describe: 'registry/repo:tag or @sha256:…' })
      .option('annotation', { alias: 'a', type: 'string', array: true, describe: 'key=value claim added to the signed payload; repeatable' })
      .demandOption('key')
      .example('hplugin sign localhost:5000/plugins/demo:1.0.0 --key cosign.key', 'sign what the tag points at now') as any,
  run: async (args, ctx) => (await import('./supply-chain-run.js')).signCmd(args, ctx),
});

export interface VerifyArgs extends ConnectionArgs, KeyArgs {
  reference: string;
}

export const verifyCommand = defineCommand<VerifyArgs>({
  command: 'verify <reference>',
  describe: 'Check that a published plugin carries a valid signature for this key (exit 1 if not), and list its SBOMs',
  builder: (y) =>
    withKey(withConnection(y), 'Public key (cosign.pub), or the private key')
      .positional('reference', { type: 'string', demandOption: true, describe: 'registry/repo:tag or @sha256:…' })
      .demandOption('key') as any,
  run: async (args, ctx) => (await import('./supply-chain-run.js')).verifyCmd(args, ctx),
});
