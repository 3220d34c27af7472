import { defineCommand, type ArgsOf } from '../../command.js';
import type { CommandResult } from '../../context.js';
import { withDir, withMany } from '../shared.js';

export const testCommand = defineCommand({
  command: 'test [dir]',
  describe: 'Run the cases in hplugin.test.yaml against the built module, in-process (no Envoy, no Docker)',
  builder: (y) =>
    withMany(withDir(y))
      .option('file', { type: 'string', describe: 'Test file, relative to the plugin folder', default: 'hplugin.test.yaml' })
      .option('case', { type: 'string', describe: 'Only cases whose name contains this text' }),
  run: async (args, ctx): Promise<CommandResult> => (await import('./run.js')).test(args, ctx),
});

export type TestArgs = ArgsOf<typeof testCommand>;
