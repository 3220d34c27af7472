/**
 * The publish record: what a no-change `hplugin publish` needs to know to answer without building,
 * packaging or loading the registry client. Written by a publish that found every tag already at its
 * digest; read by the next identical command (same arguments, folder, environment, hplugin). Only
 * node built-ins and @hplugin/core here: the fast path must load nothing else.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export const REPLAY_SCHEMA = 'hplugin-publish-replay/1';

export interface ReplayRecord {
  schema: typeof REPLAY_SCHEMA;
  /** Every file whose bytes can change the artifact or the output: its sha256 when recorded. */
  files: Record<string, string>;
  /** Folders whose entries (names) must be the same: a new or deleted file is a change. */
  dirs: Record<string, string[]>;
  /** Paths that did not exist (config files above the plugin, go.work, a `go` earlier on PATH). */
  absent: string[];
  remote: {
    /** One manifest URL per tag; each must answer HEAD with `digest`. */
    urls: string[];
    accept: string;
    digest: string;
  };
  /** Exactly what the publish printed on stdout (the result, or the --json document). */
  stdout: string;
  /** The warnings it printed on stderr (not under --json). */
  warnings: string[];
  /** The one progress line the fast path prints instead of the build and package lines. */
  summary: string;
}

export interface ReplayKeyInput {
  hpluginVersion: string;
  cwd: string;
  argv: string[];
  env: NodeJS.ProcessEnv;
  /** Whether stdout, stderr, stdin are terminals: they change what is printed. */
  terminals: boolean[];
}

/** Set by the shell itself, differently for each command line; nothing hplugin, Go or git reads. */
const SHELL_BOOKKEEPING = new Set(['_', 'OLDPWD', 'PWD', 'SHLVL']);

/** Names the record: a different argument, folder, variable or terminal is a different command. */
export function replayKey(input: ReplayKeyInput): string {
  const env = Object.entries(input.env)
    .filter(([k, v]) => v !== undefined && !SHELL_BOOKKEEPING.has(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256')
    .update(JSON.stringify({ schema: REPLAY_SCHEMA, ...input, env }))
    .digest('hex');
}

export function replayRecordPath(cacheDir: string, key: string): string {
  return join(cacheDir, 'publish-replay', `${key}.json`);
}

export function replayStatIndexPath(cacheDir: string, key: string): string {
  return join(cacheDir, 'publish-replay', `${key}.stat.json`);
}

/** hplugin's own temp files (`.name.<pid>.<hex>.tmp`): they come and go during a run. */
export const TEMP_FILE_RE = /^\..+\.\d+\.[0-9a-f]+\.tmp$/;

export const REPLAY_FACTS_SCHEMA = 'hplugin-replay-facts/1';
