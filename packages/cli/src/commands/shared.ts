/**
 * Option groups shared by several commands (cheap: no implementation imports). Each group's option
 * types are inferred from its definitions; `OptionsOf<typeof withX>` is what an implementation
 * helper taking only that group (e.g. connection()) reads.
 */
import type { Argv } from 'yargs';
import { UsageError } from '@hplugin/core';
import type { GlobalFlags } from '../context.js';
import type { OptionsOf } from '../command.js';

export function withDir<T>(y: Argv<T>) {
  return y.positional('dir', { type: 'string', describe: 'Plugin folder (default: the current folder)' });
}

export type DirArgs = OptionsOf<typeof withDir<GlobalFlags>>;

export function withMany<T>(y: Argv<T>) {
  return y
    .option('all', { type: 'boolean', group: 'Workspace:', describe: 'Run on every plugin of the workspace' })
    .option('filter', {
      type: 'string',
      array: true,
      group: 'Workspace:',
      describe: 'Only plugins whose name or folder matches (glob); repeatable',
    })
    .option('changed-since', { type: 'string', group: 'Workspace:', describe: 'Only plugins with files changed since this git ref' })
    .option('concurrency', { type: 'number', group: 'Workspace:', describe: 'Plugins at once (default: the number of cores)' })
    .option('continue-on-error', {
      type: 'boolean',
      group: 'Workspace:',
      describe: 'Keep going after a plugin fails (default: stop starting new ones)',
    })
    .check(checkManyArgs);
}

export type ManyArgs = OptionsOf<typeof withMany<GlobalFlags>>;

/** Checked while parsing, so a bad value is refused before any plugin is looked at. */
export function checkManyArgs(args: {
  concurrency?: number | undefined;
  filter?: string[] | undefined;
  'changed-since'?: string | undefined;
}): true {
  const { concurrency, filter, 'changed-since': changedSince } = args;
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1)) {
    throw new UsageError(
      'USAGE',
      `--concurrency must be a whole number of plugins, 1 or more (got ${JSON.stringify(String(concurrency))}).`,
      { hint: 'Leave it out to run one plugin per core.' },
    );
  }
  if (filter?.some((f) => String(f).trim() === ''))
    throw new UsageError('USAGE', '--filter needs a plugin name, folder or glob.', { hint: "For example --filter 'auth-*'." });
  if (changedSince !== undefined && String(changedSince).trim() === '')
    throw new UsageError('USAGE', '--changed-since needs a git ref.', { hint: 'For example --changed-since origin/main.' });
  return true;
}

export function withConnection<T>(y: Argv<T>) {
  return y
    .option('plain-http', {
      type: 'boolean',
      group: 'Registry connection:',
      describe:
        'Use http, not https. Default: http only for loopback hosts, and not with --ca-file/--insecure/--cert-file or an https:// registry; --plain-http=false forces https',
    })
    .option('insecure', { type: 'boolean', group: 'Registry connection:', describe: 'Skip TLS certificate verification (still https)' })
    .option('ca-file', { type: 'string', group: 'Registry connection:', describe: 'PEM file with CA certificates to trust' })
    .option('cert-file', { type: 'string', group: 'Registry connection:', describe: 'Client certificate for mutual TLS' })
    .option('key-file', { type: 'string', group: 'Registry connection:', describe: 'Client key for mutual TLS' })
    .option('timeout', {
      type: 'number',
      group: 'Registry connection:',
      describe: 'Seconds to wait for a connection, an answer, or the next bytes of one, before retrying (default 60)',
    });
}

export type ConnectionArgs = OptionsOf<typeof withConnection<GlobalFlags>>;

/**
 * --version on a stage command is the plugin's version (first in precedence, one plugin only), not
 * hplugin's own: the global version flag is switched off for these commands (`hplugin --version`
 * alone still prints hplugin's).
 */
export function withVersion<T>(y: Argv<T>) {
  return y.version(false).option('version', {
    type: 'string',
    describe: "The plugin's version, over its config, VERSION file and wasm-go-<name>-vX.Y.Z git tags (one plugin only)",
  });
}

/** The `<reference>` of pull, sign and verify: an artifact in a registry. */
export function withReference<T>(y: Argv<T>) {
  return y.positional('reference', { type: 'string', demandOption: true, describe: 'registry/repo:tag or @sha256:…' });
}

/** `--sign --key`, `--verify --key`: the key flag of publish, pull, manifest, sign and verify. */
export function withKey<T>(y: Argv<T>, describe: string) {
  return y.option('key', { type: 'string', group: 'Supply chain:', describe });
}

export type KeyArgs = OptionsOf<typeof withKey<GlobalFlags>>;

/**
 * yargs parses `--no-sbom` as false although the option is a string; this identity coerce makes the
 * inferred type say so (string | false), so the implementation handles it without a cast.
 */
function sbomFlag(value: string | false): string | false {
  return value;
}

/** `--sbom [format]`: bare means the configured format (else spdx); `--sbom none` turns it off. */
export const SBOM_OPTION = {
  type: 'string',
  coerce: sbomFlag,
  group: 'Supply chain:',
  describe:
    'Write an SBOM (spdx | cyclonedx | none; bare: package.sbom, else spdx) beside the layout; publish attaches it as an OCI referrer',
} as const;

/** --strict of package and publish. */
export const STRICT_OPTION = {
  type: 'boolean',
  describe:
    'Documentation gaps are errors, not warnings: a missing README.md (else a minimal one is generated), an annotation with no text, an invalid @Example (default: package.strict)',
} as const;
