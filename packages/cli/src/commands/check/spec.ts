import { defineCommand, type ArgsOf } from '../../command.js';
import type { CommandResult } from '../../context.js';

export const checkCommand = defineCommand({
  command: 'check <file>',
  describe: 'Check any .wasm file: valid, a reactor, the proxy-wasm ABI, imports a gateway provides',
  builder: (y) => y.positional('file', { type: 'string', demandOption: true, describe: 'The .wasm file' }),
  run: async (args, ctx): Promise<CommandResult> => (await import('./run.js')).check(args, ctx),
});

export type CheckArgs = ArgsOf<typeof checkCommand>;
