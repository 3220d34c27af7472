import { defineCommand, type ArgsOf } from '../../command.js';
import type { CommandResult } from '../../context.js';
import { withConnection, withKey } from '../shared.js';

export const manifestCommand = defineCommand({
  command: 'manifest [target]',
  describe: 'Print a WasmPlugin resource (sha256 = the digest of the image the gateway loads) and the console plugins.properties line',
  builder: (y) =>
    withKey(withConnection(y), 'Public key for --verify (cosign.pub)')
      .option('verify', {
        type: 'boolean',
        group: 'Supply chain:',
        describe: 'Print nothing unless the registry artifact has a valid signature for --key',
      })
      .positional('target', { type: 'string', describe: 'A registry reference, or a plugin folder (default: the current one)' })
      .option('namespace', { type: 'string', default: 'higress-system', describe: 'Kubernetes namespace of the WasmPlugin resource' })
      .option('pull-secret', { type: 'string', describe: 'imagePullSecret name (a dockerconfigjson Secret)' })
      .option('match-rules', { type: 'boolean', describe: 'Add a commented matchRules stub' })
      .option('force', { type: 'boolean', describe: 'Print the resource even when a Higress gateway would reject the artifact' }),
  run: async (args, ctx): Promise<CommandResult> => (await import('./run.js')).manifestCmd(args, ctx),
});

export type ManifestArgs = ArgsOf<typeof manifestCommand>;
