import { defineCommand, type ArgsOf } from '../../command.js';
import type { CommandResult } from '../../context.js';
import { withDir } from '../shared.js';

export const configShowCommand = defineCommand({
  command: ['show [dir]', '$0 [dir]'],
  describe: 'Print the resolved config, with where each value came from',
  builder: (y) => withDir(y),
  run: async (args, ctx): Promise<CommandResult> => (await import('./run.js')).showConfig(args, ctx),
});

export const configValidateCommand = defineCommand({
  command: 'validate [dir]',
  describe: 'Check the config files against plugin.config.schema.json',
  builder: (y) => withDir(y),
  run: async (args, ctx): Promise<CommandResult> => (await import('./run.js')).validateConfig(args, ctx),
});

export type ConfigArgs = ArgsOf<typeof configShowCommand>;

export const configCommand = defineCommand({
  command: 'config',
  describe: 'Show or validate the resolved plugin config',
  builder: (y) => y.demandCommand(0),
  subcommands: [configShowCommand, configValidateCommand],
  // Never reached: `hplugin config` alone runs the default subcommand, show.
  run: async (): Promise<CommandResult> => ({ data: {} }),
});
