import { defineCommand } from '../command.js';
import { withDir, type DirArgs } from './shared.js';

export interface SpecArgs extends DirArgs {
  check?: boolean;
  stdout?: boolean;
  output?: string;
}

export const specCommand = defineCommand<SpecArgs>({
  command: 'spec [dir]',
  describe: "Generate spec.yaml from the plugin's Go annotations (--check: is the committed one current?)",
  builder: (y) =>
    withDir(y)
      .option('check', { type: 'boolean', describe: 'Do not write; exit 1 when the committed spec.yaml differs from the generated one' })
      .option('stdout', { type: 'boolean', describe: 'Print the generated spec.yaml instead of writing it' })
      .option('output', { alias: 'o', type: 'string', default: 'spec.yaml', describe: 'Where to write it, relative to the plugin folder' })
      .conflicts('check', 'stdout') as any,
  run: async (args, ctx) => (await import('./spec-run.js')).spec(args, ctx),
});
