import { defineCommand, type ArgsOf } from '../../command.js';
import type { CommandResult } from '../../context.js';
import { withConnection } from '../shared.js';

export const inspectCommand = defineCommand({
  command: 'inspect <target>',
  describe: "Show an artifact's layers and whether a Higress gateway would load it (a layout dir[:tag], or a registry reference)",
  builder: (y) =>
    withConnection(y).positional('target', {
      type: 'string',
      demandOption: true,
      describe: 'dist/oci, dist/oci:1.0.0, or registry/repo:tag',
    }),
  run: async (args, ctx): Promise<CommandResult> => (await import('./run.js')).inspectCmd(args, ctx),
});

export type InspectArgs = ArgsOf<typeof inspectCommand>;
