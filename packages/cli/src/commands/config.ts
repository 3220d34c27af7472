import { defineCommand } from '../command.js';

const dirArg = (y: any) => y.positional('dir', { type: 'string', describe: 'Plugin folder (default: the current folder)' });

export const configCommand = defineCommand({
  command: 'config',
  describe: 'Show or validate the resolved plugin config',
  builder: (y) => y.demandCommand(0) as any,
  subcommands: [
    defineCommand<{ dir?: string }>({
      command: ['show [dir]', '$0 [dir]'],
      describe: 'Print the resolved config, with where each value came from',
      builder: dirArg,
      run: async (args, ctx) => (await import('./config-run.js')).showConfig(args, ctx),
    }),
    defineCommand<{ dir?: string }>({
      command: 'validate [dir]',
      describe: 'Check the config files against plugin.config.schema.json',
      builder: dirArg,
      run: async (args, ctx) => (await import('./config-run.js')).validateConfig(args, ctx),
    }),
  ],
  run: async () => ({ data: {} }),
});
