/**
 * What every command handler gets: the parsed global flags, the one reporter, and where to write
 * results. Handlers return a CommandResult; they never print results or exit themselves.
 */
import { resolve } from 'node:path';
import { createReporter, detectReporterMode, type Reporter, type Verbosity } from '@hplugin/core';

export interface GlobalFlags {
  cwd?: string;
  json?: boolean;
  verbose?: boolean;
  quiet?: boolean;
  color?: boolean;
  silence?: string[];
}

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export interface Context {
  cwd: string;
  json: boolean;
  color: boolean;
  verbosity: Verbosity;
  reporter: Reporter;
  io: Io;
  /** Warning codes not to print (--silence); a plugin's silenceWarnings adds to them. */
  silence: string[];
  /** True when we may ask questions: stdin and stderr are terminals and --json is off. */
  interactive: boolean;
  /** Aborted by Ctrl-C / SIGTERM: stages stop their child processes and uploads. */
  signal: AbortSignal;
  /** `publish` only: the key its no-change record is kept under (see publish-replay.ts). */
  replayKey?: string;
}

export interface CommandResult {
  /** The JSON document printed with --json (merged into {ok: true, ...}). */
  data: Record<string, unknown>;
  /** What a person sees on stdout without --json. */
  text?: string;
  /** Non-zero when the command ran but its verdict is a failure (e.g. a failed check or test). */
  exitCode?: 0 | 1 | 2;
}

export function wantsColor(flags: GlobalFlags, io: Io): boolean {
  if (flags.color !== undefined) return flags.color;
  if ('NO_COLOR' in io.env && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR && io.env.FORCE_COLOR !== '0') return true;
  return Boolean(io.stderr.isTTY);
}

export async function createContext(flags: GlobalFlags, io: Io, signal: AbortSignal = new AbortController().signal): Promise<Context> {
  const json = Boolean(flags.json);
  const verbosity: Verbosity = flags.verbose ? 'verbose' : flags.quiet ? 'quiet' : 'normal';
  const color = !json && wantsColor(flags, io);
  const mode = detectReporterMode({ json, isTTY: Boolean(io.stderr.isTTY), env: io.env });
  const silence = (flags.silence ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  const reporter = await createReporter({ mode, verbosity, color, stream: io.stderr, silence });
  return {
    cwd: resolve(flags.cwd ?? process.cwd()),
    json,
    color,
    verbosity,
    reporter,
    silence,
    io,
    interactive: !json && Boolean(io.stdin.isTTY) && Boolean(io.stderr.isTTY) && mode === 'tty',
    signal,
  };
}
