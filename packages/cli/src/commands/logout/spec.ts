import { defineCommand, type ArgsOf } from '../../command.js';
import type { CommandResult } from '../../context.js';

export const logoutCommand = defineCommand({
  command: 'logout <registry>',
  describe: 'Forget the stored credentials for a registry',
  builder: (y) => y.positional('registry', { type: 'string', demandOption: true, describe: 'Registry host, e.g. ghcr.io' }),
  run: async (args, ctx): Promise<CommandResult> => (await import('./run.js')).logoutCmd(args, ctx),
});

export type LogoutArgs = ArgsOf<typeof logoutCommand>;
