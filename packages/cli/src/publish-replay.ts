/**
 * The CLI side of the no-change publish fast path (@hplugin/pipeline/replay): before the argument
 * parser loads, an identical earlier `hplugin publish` whose inputs and remote tags are unchanged is
 * answered from its record; after a full publish that changed nothing, the record is written.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { defaultCacheDir } from '@hplugin/core';
import type { Io } from './context.js';

/** Flags that ask for work or output a replay cannot give: these always run the full publish. */
const NEVER_REPLAYED = new Set([
  '--force',
  '--dry-run',
  '--verbose',
  '-v',
  '--help',
  '-h',
  '--all',
  '--filter',
  '--changed-since',
  '--sbom',
  '--sign',
  '--color',
  '--version',
]);

/** Output flags the replay reads as plain switches; spelled with a value (--json=false) they are left to the parser. */
const OUTPUT_SWITCHES = ['--json', '--quiet', '-q'];

function replayable(argv: string[], io: Io): boolean {
  if (argv[0] !== 'publish' || argv.some((a) => NEVER_REPLAYED.has(a.split('=')[0]!))) return false;
  if (argv.some((a) => OUTPUT_SWITCHES.some((f) => a.startsWith(`${f}=`)) || /^-[a-zA-Z]{2,}$/.test(a))) return false;
  // Terminals get colours and spinners; the record holds plain output.
  return !io.stderr.isTTY && !io.stdout.isTTY;
}

/** The record's key for this command, or undefined when this command is never replayed. */
export async function publishReplayKey(argv: string[], io: Io, hpluginVersion: string): Promise<string | undefined> {
  if (!replayable(argv, io)) return undefined;
  const { replayKey } = await import('@hplugin/pipeline/replay');
  return replayKey({
    hpluginVersion,
    cwd: process.cwd(),
    argv,
    env: io.env,
    terminals: [Boolean(io.stdout.isTTY), Boolean(io.stderr.isTTY), Boolean(io.stdin.isTTY)],
  });
}

/** The exit code of a replayed publish, or undefined: run the full one. */
export async function replayPublish(key: string, argv: string[], io: Io): Promise<number | undefined> {
  const { replayUnchangedPublish } = await import('@hplugin/pipeline/replay');
  return replayUnchangedPublish(
    { cacheDir: defaultCacheDir(io.env), key, json: argv.includes('--json'), quiet: argv.includes('--quiet') || argv.includes('-q') },
    io,
  );
}

/**
 * hplugin's own entry files: a rebuilt or upgraded CLI must not replay an older one's output. In the
 * workspace, this file, the CLI's main.js and dispatch.js and the pipeline's entry (a package of its
 * own). In the published bundle the pipeline is inlined into chunks named after a hash of their
 * content, and main.js names them (directly or through the chunks it loads), so this file and
 * main.js suffice: there dispatch.js is such a chunk, and '@hplugin/pipeline' does not resolve at all.
 */
export function cliCodeFiles(): string[] {
  const here = fileURLToPath(import.meta.url);
  const dispatch = join(here, '..', 'dispatch.js');
  const own = [here, join(here, '..', 'main.js'), ...(existsSync(dispatch) ? [dispatch] : [])];
  try {
    return [...own, fileURLToPath(import.meta.resolve('@hplugin/pipeline'))];
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return own;
    throw err;
  }
}
