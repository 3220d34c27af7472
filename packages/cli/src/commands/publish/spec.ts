import { defineCommand, type ArgsOf } from '../../command.js';
import type { CommandResult } from '../../context.js';
import { SBOM_OPTION, STRICT_OPTION, withConnection, withDir, withKey, withMany, withVersion } from '../shared.js';

export const publishCommand = defineCommand({
  command: 'publish [dir]',
  describe: 'Push the plugin to its registry (or the local OCI layout when none is set); builds and packages first',
  builder: (y) =>
    withKey(
      withVersion(withConnection(withMany(withDir(y)))),
      'Private key for --sign: PEM, or cosign.key (password from $COSIGN_PASSWORD)',
    )
      .option('registry', {
        type: 'string',
        describe:
          'Registry host, optionally with a namespace: ghcr.io/org/plugins pushes each plugin to org/plugins/<name>; default: $HPLUGIN_REGISTRY, then publish.registry',
      })
      .option('repository', {
        type: 'string',
        describe:
          'The whole repository path, e.g. org/my-plugin (default: <namespace>/<name>, publish.repository, or plugins/<name>); with several plugins it must contain {name}',
      })
      .option('tag', { type: 'string', array: true, describe: 'Tag to push; repeatable (default: publish.tags)' })
      .option('dry-run', { type: 'boolean', describe: 'Show what would be pushed; push nothing' })
      .option('force', { type: 'boolean', describe: 'Replace an existing version tag that points at other content' })
      .option('strict', STRICT_OPTION)
      .option('sbom', SBOM_OPTION)
      .option('sign', { type: 'boolean', group: 'Supply chain:', describe: 'Sign the pushed manifest with --key (cosign format)' })
      .example('hplugin publish --registry localhost:5000', 'push to a local registry over http')
      .example(
        'hplugin publish --sbom --sign --key cosign.key',
        'to the configured registry, with an SBOM and a signature; the manifest digest is unchanged',
      )
      .example('hplugin publish --all --changed-since origin/main', 'publish the plugins changed on this branch'),
  run: async (args, ctx): Promise<CommandResult> => (await import('./run.js')).publishCmd(args, ctx),
});

export type PublishArgs = ArgsOf<typeof publishCommand>;
