/**
 * The CLI's entry. `run` answers what needs no argument parser, with node's built-ins alone: the
 * version, and a help screen yargs rendered at build time (help-screens.ts). Everything else loads
 * dispatch.ts (the parser, the commands, the one place errors become output and exit codes) first.
 * The split is for start-up: on Node 22 that module graph costs ~12 ms to load even from V8's
 * compile cache, as much again as node's own start.
 */
import type { Io } from './context.js';
import { VERSION } from './version.js';

export { VERSION };

const defaultIo: Io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };

export async function run(argv: string[], io: Io = defaultIo): Promise<number> {
  // Fast path: a version check must not pay for loading the argument parser (start-up budget: 1.5x node).
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  // No arguments at all: show the help instead of an error, like oras and spin do.
  if (argv.length === 0) argv = ['--help'];
  // `hplugin help build` is `hplugin build --help` (and `hplugin help` the overview), as git does it.
  if (argv[0] === 'help') argv = [...argv.slice(1).filter((a) => !a.startsWith('-')), '--help'];
  // A help request answers from the screens yargs rendered at build time, when they match this build
  // (that module, with node:crypto for its check, loads for a help request only).
  const last = argv.at(-1);
  if (io === defaultIo && (last === '--help' || last === '-h')) {
    const { storedHelpScreen } = await import('./help-screens.js');
    const screen = storedHelpScreen(argv, (io.stdout as NodeJS.WriteStream).columns, io.env);
    if (screen !== undefined) {
      io.stdout.write(screen + '\n');
      return 0;
    }
  }
  const { dispatchCommand } = await import('./dispatch.js');
  return dispatchCommand(argv, io, io === defaultIo);
}
