import { defineCommand, type ArgsOf } from '../../command.js';
import type { CommandResult } from '../../context.js';

export const keyGenerateCommand = defineCommand({
  command: 'generate',
  describe: 'Write a key pair: <output>.key (private, encrypted with $COSIGN_PASSWORD when set) and <output>.pub',
  builder: (y) =>
    y
      .option('output', { alias: 'o', type: 'string', default: 'cosign', describe: 'Path prefix of the two files' })
      .option('force', { type: 'boolean', describe: 'Overwrite existing key files' })
      .example('COSIGN_PASSWORD=… hplugin key generate', "cosign.key in cosign's encrypted format, and cosign.pub"),
  run: async (args, ctx): Promise<CommandResult> => (await import('./run.js')).keyGenerateCmd(args, ctx),
});

export type KeyGenerateArgs = ArgsOf<typeof keyGenerateCommand>;

export const keyCommand = defineCommand({
  command: 'key',
  describe: 'Manage signing keys (ECDSA P-256, compatible with cosign)',
  builder: (y) => y.demandCommand(1),
  subcommands: [keyGenerateCommand],
  // Never reached: demandCommand(1) makes `hplugin key` alone a usage error.
  run: async (): Promise<CommandResult> => ({ data: {} }),
});
