import { defineCommand } from '../../command.js';
import type { CommandResult } from '../../context.js';

export const doctorCommand = defineCommand({
  command: 'doctor',
  describe: 'Show which toolchains were found (Go, TinyGo, Binaryen), their versions, and whether they are good enough',
  builder: (y) => y,
  run: async (_args, ctx): Promise<CommandResult> => (await import('./run.js')).doctor(ctx),
});
