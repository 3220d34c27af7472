import { defineCommand, type ArgsOf } from '../../command.js';
import type { CommandResult } from '../../context.js';
import { withDir } from '../shared.js';

export const specCommand = defineCommand({
  command: 'spec [dir]',
  describe: "Generate spec.yaml from the plugin's Go annotations (--check: is the committed one current?)",
  builder: (y) =>
    withDir(y)
      .option('check', { type: 'boolean', describe: 'Do not write; exit 1 when the committed spec.yaml differs from the generated one' })
      .option('stdout', { type: 'boolean', describe: 'Print the generated spec.yaml instead of writing it' })
      .option('output', { alias: 'o', type: 'string', default: 'spec.yaml', describe: 'Where to write it, relative to the plugin folder' })
      .conflicts('check', 'stdout'),
  run: async (args, ctx): Promise<CommandResult> => (await import('./run.js')).spec(args, ctx),
});

export type SpecArgs = ArgsOf<typeof specCommand>;
