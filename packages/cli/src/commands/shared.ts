/** Argument specs shared by the stage commands (cheap: no implementation imports). */
import type { Argv } from 'yargs';

export interface DirArgs {
  dir?: string;
}

export interface ManyArgs {
  all?: boolean;
  filter?: string[];
  changedSince?: string;
  concurrency?: number;
  continueOnError?: boolean;
}

export function withDir<T>(y: Argv<T>): Argv<T & DirArgs> {
  return y.positional('dir', { type: 'string', describe: 'Plugin folder (default: the current folder)' }) as Argv<T & DirArgs>;
}

export function withMany<T>(y: Argv<T>): Argv<T & ManyArgs> {
  return y
    .option('all', { type: 'boolean', group: 'Workspace:', describe: 'Run on every plugin of the workspace' })
    .option('filter', { type: 'string', array: true, group: 'Workspace:', describe: 'Only plugins whose name or folder matches (glob); repeatable' })
    .option('changed-since', { type: 'string', group: 'Workspace:', describe: 'Only plugins with files changed since this git ref' })
    .option('concurrency', { type: 'number', group: 'Workspace:', describe: 'Plugins at once (default: the number of cores)' })
    .option('continue-on-error', { type: 'boolean', group: 'Workspace:', describe: 'Keep going after a plugin fails (default: stop starting new ones)' }) as Argv<T & ManyArgs>;
}

export interface ConnectionArgs {
  plainHttp?: boolean;
  insecure?: boolean;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  timeout?: number;
}

export function withConnection<T>(y: Argv<T>): Argv<T & ConnectionArgs> {
  return y
    .option('plain-http', { type: 'boolean', group: 'Registry connection:', describe: 'Use http, not https. Default: http only for loopback hosts, and not with --ca-file/--insecure/--cert-file or an https:// registry; --plain-http=false forces https' })
    .option('insecure', { type: 'boolean', group: 'Registry connection:', describe: 'Skip TLS certificate verification (still https)' })
    .option('ca-file', { type: 'string', group: 'Registry connection:', describe: 'PEM file with CA certificates to trust' })
    .option('cert-file', { type: 'string', group: 'Registry connection:', describe: 'Client certificate for mutual TLS' })
    .option('key-file', { type: 'string', group: 'Registry connection:', describe: 'Client key for mutual TLS' })
    .option('timeout', { type: 'number', group: 'Registry connection:', describe: 'Seconds to wait for a connection, an answer, or the next bytes of one, before retrying (default 60)' }) as Argv<T & ConnectionArgs>;
}

export interface VersionArgs {
  version?: string;
}

/**
 * --version on a stage command is the plugin's version (first in precedence, one plugin only), not
 * hplugin's own: the global version flag is switched off for these commands (`hplugin --version`
 * alone still prints hplugin's).
 */
export function withVersion<T>(y: Argv<T>): Argv<T & VersionArgs> {
  return y
    .version(false)
    .option('version', { type: 'string', describe: "The plugin's version, over its config, VERSION file and wasm-go-<name>-vX.Y.Z git tags (one plugin only)" }) as unknown as Argv<T & VersionArgs>;
}
