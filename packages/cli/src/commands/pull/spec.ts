import { defineCommand, type ArgsOf } from '../../command.js';
import type { CommandResult } from '../../context.js';
import { withConnection, withKey, withReference } from '../shared.js';

export const pullCommand = defineCommand({
  command: 'pull <reference>',
  describe: 'Download a plugin, verify every digest, and extract plugin.wasm and its docs safely',
  builder: (y) =>
    withReference(withKey(withConnection(y), 'Public key for --verify (cosign.pub)'))
      .option('output', { alias: 'o', type: 'string', describe: 'Folder to extract into: new or empty (default: ./<name>-<version>)' })
      .option('force', {
        type: 'boolean',
        describe:
          'Extract into a folder that already holds files (plugin.wasm and the docs in it are replaced), and even when a Higress gateway would reject the artifact (otherwise: exit 1, nothing written)',
      })
      .option('max-blob-size', {
        type: 'number',
        describe: 'Refuse layers that declare more than this many MiB (default 256, the gateway limit)',
      })
      .option('verify', {
        type: 'boolean',
        group: 'Supply chain:',
        describe: 'Refuse an artifact without a valid signature for --key; pull exactly the digest verified',
      })
      .option('oci-layout', { type: 'string', describe: 'Also store the artifact in this OCI layout' }),
  run: async (args, ctx): Promise<CommandResult> => (await import('./run.js')).pullCmd(args, ctx),
});

export type PullArgs = ArgsOf<typeof pullCommand>;
