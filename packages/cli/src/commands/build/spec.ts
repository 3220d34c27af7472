import { defineCommand, type ArgsOf } from '../../command.js';
import type { CommandResult } from '../../context.js';
import { withDir, withMany } from '../shared.js';

export const buildCommand = defineCommand({
  command: 'build [dir]',
  describe: 'Compile the plugin to a checked proxy-wasm module (cached by content)',
  builder: (y) =>
    withMany(withDir(y))
      .option('force', { type: 'boolean', describe: 'Rebuild even when nothing changed' })
      .option('prepare', { type: 'boolean', describe: 'Run prepare.sh first when present (--no-prepare to skip; default: build.prepare)' }),
  run: async (args, ctx): Promise<CommandResult> => (await import('./run.js')).build(args, ctx),
});

export type BuildArgs = ArgsOf<typeof buildCommand>;
