import { defineCommand } from '../command.js';
import { withConnection, withDir, withMany, type ConnectionArgs, type DirArgs, type ManyArgs } from './shared.js';

export interface PackageArgs extends DirArgs, ManyArgs {
  format?: 'higress' | 'wasm-oci';
}

export const packageCommand = defineCommand<PackageArgs>({
  command: 'package [dir]',
  describe: 'Assemble the Higress OCI artifact (reproducible) into the local OCI layout, building first if needed',
  builder: (y) =>
    withMany(withDir(y)).option('format', { type: 'string', choices: ['higress', 'wasm-oci'], describe: 'Artifact format (default: package.format, higress)' }) as any,
  run: async (args, ctx) => (await import('./registry-run.js')).packageCmd(args, ctx),
});

export interface PublishArgs extends DirArgs, ManyArgs, ConnectionArgs {
  registry?: string;
  repository?: string;
  tag?: string[];
  dryRun?: boolean;
  force?: boolean;
}

export const publishCommand = defineCommand<PublishArgs>({
  command: 'publish [dir]',
  describe: 'Push the plugin to its registry (or the local OCI layout when none is set); builds and packages first',
  builder: (y) =>
    withConnection(withMany(withDir(y)))
      .option('registry', { type: 'string', describe: 'Registry host, optionally with the repository (e.g. ghcr.io/org/plugins); default: $HPLUGIN_REGISTRY, then publish.registry' })
      .option('repository', { type: 'string', describe: 'Repository (default: publish.repository, or plugins/<name>)' })
      .option('tag', { type: 'string', array: true, describe: 'Tag to push; repeatable (default: publish.tags)' })
      .option('dry-run', { type: 'boolean', describe: 'Show what would be pushed; push nothing' })
      .option('force', { type: 'boolean', describe: 'Replace an existing version tag that points at other content' })
      .example('hplugin publish --registry localhost:5000', 'push to a local registry over http')
      .example('hplugin publish --all --changed-since origin/main', 'publish the plugins changed on this branch') as any,
  run: async (args, ctx) => (await import('./registry-run.js')).publishCmd(args, ctx),
});

export const inspectCommand = defineCommand<ConnectionArgs & { target: string }>({
  command: 'inspect <target>',
  describe: 'Show an artifact\'s layers and whether a Higress gateway would load it (a layout dir[:tag], or a registry reference)',
  builder: (y) => withConnection(y).positional('target', { type: 'string', demandOption: true, describe: 'dist/oci, dist/oci:1.0.0, or registry/repo:tag' }) as any,
  run: async (args, ctx) => (await import('./registry-run.js')).inspectCmd(args, ctx),
});

export interface PullArgs extends ConnectionArgs {
  reference: string;
  output?: string;
  ociLayout?: string;
  force?: boolean;
}

export const pullCommand = defineCommand<PullArgs>({
  command: 'pull <reference>',
  describe: 'Download a plugin, verify every digest, and extract plugin.wasm and its docs safely',
  builder: (y) =>
    withConnection(y)
      .positional('reference', { type: 'string', demandOption: true, describe: 'registry/repo:tag or @sha256:…' })
      .option('output', { alias: 'o', type: 'string', describe: 'Folder to extract into (default: the current folder)' })
      .option('oci-layout', { type: 'string', describe: 'Also store the artifact in this OCI layout' })
      .option('force', { type: 'boolean', describe: 'Extract even when a Higress gateway would reject the artifact (otherwise: exit 1, nothing written)' }) as any,
  run: async (args, ctx) => (await import('./registry-run.js')).pullCmd(args, ctx),
});

export interface LoginArgs extends ConnectionArgs {
  registry: string;
  username?: string;
  passwordStdin?: boolean;
}

export const loginCommand = defineCommand<LoginArgs>({
  command: 'login <registry>',
  describe: 'Check credentials against a registry and store them like docker and oras do',
  builder: (y) =>
    withConnection(y)
      .positional('registry', { type: 'string', demandOption: true, describe: 'Registry host, e.g. ghcr.io' })
      .option('username', { alias: 'u', type: 'string', describe: 'User name' })
      .option('password-stdin', { type: 'boolean', describe: 'Read the password or token from stdin' })
      .example('echo "$TOKEN" | hplugin login ghcr.io -u me --password-stdin', 'non-interactive login') as any,
  run: async (args, ctx) => (await import('./registry-run.js')).loginCmd(args, ctx),
});

export const logoutCommand = defineCommand<{ registry: string }>({
  command: 'logout <registry>',
  describe: 'Forget the stored credentials for a registry',
  builder: (y) => y.positional('registry', { type: 'string', demandOption: true }) as any,
  run: async (args, ctx) => (await import('./registry-run.js')).logoutCmd(args, ctx),
});

export const manifestCommand = defineCommand<ConnectionArgs & { target?: string; namespace?: string; pullSecret?: string; matchRules?: boolean; force?: boolean }>({
  command: 'manifest [target]',
  describe: 'Print a WasmPlugin resource (sha256 = the digest of the image the gateway loads) and the console plugins.properties line',
  builder: (y) =>
    withConnection(y)
      .positional('target', { type: 'string', describe: 'A registry reference, or a plugin folder (default: the current one)' })
      .option('namespace', { type: 'string', default: 'higress-system' })
      .option('pull-secret', { type: 'string', describe: 'imagePullSecret name (a dockerconfigjson Secret)' })
      .option('match-rules', { type: 'boolean', describe: 'Add a commented matchRules stub' })
      .option('force', { type: 'boolean', describe: 'Print the resource even when a Higress gateway would reject the artifact' }) as any,
  run: async (args, ctx) => (await import('./registry-run.js')).manifestCmd(args, ctx),
});
