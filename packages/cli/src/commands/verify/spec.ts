import { defineCommand, type ArgsOf } from '../../command.js';
import type { CommandResult } from '../../context.js';
import { withConnection, withKey, withReference } from '../shared.js';

export const verifyCommand = defineCommand({
  command: 'verify <reference>',
  describe: 'Check that a published plugin carries a valid signature for this key (exit 1 if not), and list its SBOMs',
  builder: (y) => withReference(withKey(withConnection(y), 'Public key (cosign.pub), or the private key')).demandOption('key'),
  run: async (args, ctx): Promise<CommandResult> => (await import('./run.js')).verifyCmd(args, ctx),
});

export type VerifyArgs = ArgsOf<typeof verifyCommand>;
