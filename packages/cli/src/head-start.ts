/**
 * The CLI side of the compiler's head start (@hplugin/build/early). The bin calls
 * startCompilerHeadStart before it even loads main.js: for the commands that build first, go starts
 * on a guess while the argument parser and the config loader load, and the build takes it only if it
 * planned the very same command. Only the real process does this (the bin); tests that call run()
 * with their own io never start one.
 */
type EarlyModule = typeof import('@hplugin/build/early');

let early: EarlyModule | undefined;
let note: string | undefined;

/** For `build`, `package` and `publish` only (the bin decides, so that other commands never load this module). */
export async function startCompilerHeadStart(argv: string[], env: NodeJS.ProcessEnv): Promise<void> {
  // A help screen builds nothing, and loads no build code.
  if (argv.some((a) => a === '--help' || a === '-h')) return;
  // The guess alone first (~1-2 ms): the code that spawns a compiler loads only when there is one to start.
  const { guessEarlyCompile } = await import('@hplugin/build/early-guess');
  let guess: ReturnType<typeof guessEarlyCompile>;
  try {
    guess = guessEarlyCompile({ argv, cwd: process.cwd(), env });
  } catch (err) {
    guess = { skipped: `could not look at the plugin folder: ${(err as Error).message}` };
  }
  if ('skipped' in guess) {
    note = `no compiler head start: ${guess.skipped}`;
    return;
  }
  early = await import('@hplugin/build/early');
  early.startEarlyCompile(guess);
}

/** For --verbose once a reporter exists: why no compiler was started early (undefined when one was, or for other commands). */
export function headStartNote(): string | undefined {
  return note;
}

/** Stop the early compiler if nothing took it (the command failed before building, replayed, or found the build current). */
export function discardCompilerHeadStart(): void {
  early?.discardEarlyCompile();
}
