import { defineCommand, type ArgsOf } from '../../command.js';
import type { CommandResult } from '../../context.js';
import { withConnection } from '../shared.js';

export const loginCommand = defineCommand({
  command: 'login <registry>',
  describe: 'Check credentials against a registry and store them like docker and oras do',
  builder: (y) =>
    withConnection(y)
      .positional('registry', { type: 'string', demandOption: true, describe: 'Registry host, e.g. ghcr.io' })
      .option('username', { alias: 'u', type: 'string', describe: 'User name' })
      .option('password-stdin', { type: 'boolean', describe: 'Read the password or token from stdin' })
      .example('echo "$TOKEN" | hplugin login ghcr.io -u me --password-stdin', 'non-interactive login'),
  run: async (args, ctx): Promise<CommandResult> => (await import('./run.js')).loginCmd(args, ctx),
});

export type LoginArgs = ArgsOf<typeof loginCommand>;
