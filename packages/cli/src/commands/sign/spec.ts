import { defineCommand, type ArgsOf } from '../../command.js';
import type { CommandResult } from '../../context.js';
import { withConnection, withKey, withReference } from '../shared.js';

export const signCommand = defineCommand({
  command: 'sign <reference>',
  describe: 'Sign a published plugin (cosign format: a sha256-<digest>.sig tag next to it); `cosign verify --key` accepts it',
  builder: (y) =>
    withReference(withKey(withConnection(y), 'Private key: PEM, or cosign.key (password from $COSIGN_PASSWORD)'))
      .option('annotation', {
        alias: 'a',
        type: 'string',
        array: true,
        describe: 'key=value claim added to the signed payload; repeatable',
      })
      .demandOption('key')
      .example('hplugin sign localhost:5000/plugins/demo:1.0.0 --key cosign.key', 'sign what the tag points at now'),
  run: async (args, ctx): Promise<CommandResult> => (await import('./run.js')).signCmd(args, ctx),
});

export type SignArgs = ArgsOf<typeof signCommand>;
