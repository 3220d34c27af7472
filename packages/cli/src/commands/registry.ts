import { PACKAGE_FORMATS, type PackageFormat } from '@hplugin/rules';
import { defineCommand } from '../command.js';
import { withConnection, withDir, withMany, withVersion, type ConnectionArgs, type DirArgs, type ManyArgs, type VersionArgs } from './shared.js';
import { withKey, type KeyArgs } from './supply-chain.js';

/** `--sbom [format]`: bare means the configured format (else spdx); `--sbom none` turns it off. */
const SBOM_OPTION = { type: 'string', group: 'Supply chain:', describe: 'Write an SBOM (spdx | cyclonedx | none; bare: package.sbom, else spdx) beside the layout; publish attaches it as an OCI referrer' } as const;

export interface PackageArgs extends DirArgs, ManyArgs, VersionArgs {
  format?: PackageFormat;
  strict?: boolean;
  sbom?: string | boolean;
}

const STRICT_DESCRIBE = 'Documentation gaps are errors, not warnings: a missing README.md (else a minimal one is generated), an annotation with no text, an invalid @Example (default: package.strict)';

export const packageCommand = defineCommand<PackageArgs>({
  command: 'package [dir]',
  describe: 'Assemble the Higress OCI artifact (reproducible) into the local OCI layout, building first if needed',
  builder: (y) =>
    withVersion(withMany(withDir(y)))
      .option('format', { type: 'string', choices: PACKAGE_FORMATS, describe: 'Artifact format (default: package.format, higress)' })
      .option('strict', { type: 'boolean', describe: STRICT_DESCRIBE })
      .option('sbom', SBOM_OPTION) as any,
  run: async (args, ctx) => (await import('./registry-run.js')).packageCmd(args, ctx),
});

export interface PublishArgs extends DirArgs, ManyArgs, ConnectionArgs, VersionArgs, KeyArgs {
  registry?: string;
  repository?: string;
  tag?: string[];
  dryRun?: boolean;
  force?: boolean;
  strict?: boolean;
  sbom?: string | boolean;
  sign?: boolean;
}

export const publishCommand = defineCommand<PublishArgs>({
  command: 'publish [dir]',
  describe: 'Push the plugin to its registry (or the local OCI layout when none is set); builds and packages first',
  builder: (y) =>
    withKey(withVersion(withConnection(withMany(withDir(y)))), 'Private key for --sign: PEM, or cosign.key (password from $COSIGN_PASSWORD)')
      .option('registry', { type: 'string', describe: 'Registry host, optionally with a namespace: ghcr.io/org/plugins pushes each plugin to org/plugins/<name>; default: $HPLUGIN_REGISTRY, then publish.registry' })
      .option('repository', { type: 'string', describe: 'The whole repository path, e.g. org/my-plugin (default: <namespace>/<name>, publish.repository, or plugins/<name>); with several plugins it must contain {name}' })
      .option('tag', { type: 'string', array: true, describe: 'Tag to push; repeatable (default: publish.tags)' })
      .option('dry-run', { type: 'boolean', describe: 'Show what would be pushed; push nothing' })
      .option('force', { type: 'boolean', describe: 'Replace an existing version tag that points at other content' })
      .option('strict', { type: 'boolean', describe: STRICT_DESCRIBE })
      .option('sbom', SBOM_OPTION)
      .option('sign', { type: 'boolean', group: 'Supply chain:', describe: 'Sign the pushed manifest with --key (cosign format)' })
      .example('hplugin publish --registry localhost:5000', 'push to a local registry over http')
      .example('hplugin publish --sbom --sign --key cosign.key', 'to the configured registry, with an SBOM and a signature; the manifest digest is unchanged')
      .example('hplugin publish --all --changed-since origin/main', 'publish the plugins changed on this branch') as any,
  run: async (args, ctx) => (await import('./registry-run.js')).publishCmd(args, ctx),
});

export const inspectCommand = defineCommand<ConnectionArgs & { target: string }>({
  command: 'inspect <target>',
  describe: 'Show an artifact\'s layers and whether a Higress gateway would load it (a layout dir[:tag], or a registry reference)',
  builder: (y) => withConnection(y).positional('target', { type: 'string', demandOption: true, describe: 'dist/oci, dist/oci:1.0.0, or registry/repo:tag' }) as any,
  run: async (args, ctx) => (await import('./registry-run.js')).inspectCmd(args, ctx),
});

export interface PullArgs extends ConnectionArgs, KeyArgs {
  reference: string;
  output?: string;
  force?: boolean;
  maxBlobSize?: number;
  ociLayout?: string;
  verify?: boolean;
}

export const pullCommand = defineCommand<PullArgs>({
  command: 'pull <reference>',
  describe: 'Download a plugin, verify every digest, and extract plugin.wasm and its docs safely',
  builder: (y) =>
    withKey(withConnection(y), 'Public key for --verify (cosign.pub)')
      .positional('reference', { type: 'string', demandOption: true, describe: 'registry/repo:tag or @sha256:…' })
      .option('output', { alias: 'o', type: 'string', describe: 'Folder to extract into: new or empty (default: ./<name>-<version>)' })
      .option('force', { type: 'boolean', describe: 'Extract into a folder that already holds files (plugin.wasm and the docs in it are replaced), and even when a Higress gateway would reject the artifact (otherwise: exit 1, nothing written)' })
      .option('max-blob-size', { type: 'number', describe: 'Refuse layers that declare more than this many MiB (default 256, the gateway limit)' })
      .option('verify', { type: 'boolean', group: 'Supply chain:', describe: 'Refuse an artifact without a valid signature for --key; pull exactly the digest verified' })
      .option('oci-layout', { type: 'string', describe: 'Also store the artifact in this OCI layout' }) as any,
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
  builder: (y) => y.positional('registry', { type: 'string', demandOption: true, describe: 'Registry host, e.g. ghcr.io' }) as any,
  run: async (args, ctx) => (await import('./registry-run.js')).logoutCmd(args, ctx),
});

export type ManifestArgs = ConnectionArgs & KeyArgs & { target?: string; namespace?: string; pullSecret?: string; matchRules?: boolean; verify?: boolean; force?: boolean };

export const manifestCommand = defineCommand<ManifestArgs>({
  command: 'manifest [target]',
  describe: 'Print a WasmPlugin resource (sha256 = the digest of the image the gateway loads) and the console plugins.properties line',
  builder: (y) =>
    withKey(withConnection(y), 'Public key for --verify (cosign.pub)')
      .option('verify', { type: 'boolean', group: 'Supply chain:', describe: 'Print nothing unless the registry artifact has a valid signature for --key' })
      .positional('target', { type: 'string', describe: 'A registry reference, or a plugin folder (default: the current one)' })
      .option('namespace', { type: 'string', default: 'higress-system', describe: 'Kubernetes namespace of the WasmPlugin resource' })
      .option('pull-secret', { type: 'string', describe: 'imagePullSecret name (a dockerconfigjson Secret)' })
      .option('match-rules', { type: 'boolean', describe: 'Add a commented matchRules stub' })
      .option('force', { type: 'boolean', describe: 'Print the resource even when a Higress gateway would reject the artifact' }) as any,
  run: async (args, ctx) => (await import('./registry-run.js')).manifestCmd(args, ctx),
});
