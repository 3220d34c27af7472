/**
 * The compiler's head start. A cold `hplugin build`, `package` or `publish` spent ~150-200 ms
 * loading its own code (the argument parser, the YAML config loader, the build planner) before it
 * started `go build`, while the raw flow starts go at once. So the CLI calls startEarlyCompile
 * first, before it loads any of that: when the plugin folder plainly builds with the default
 * command (go, no build settings other than the defaults, no prepare.sh or .buildrc) and its output
 * looks out of date, go starts right away, writing to a temp file beside the output.
 *
 * That guess never decides anything. The build, once planned the normal way, takes the running
 * compiler only when its command (binary, arguments, environment, folder) is exactly the one it
 * planned; otherwise the early one is killed and its temp file removed, and the build runs as it
 * always did. A cache hit, an up-to-date output or the end of the process discard it the same way.
 * A wrong guess therefore costs only CPU time, never a different result.
 *
 * Loaded only when early-guess.ts has found something to start; it runs before the rest of hplugin.
 */
import { rmSync } from 'node:fs';
import { tempPathFor } from '@hplugin/core/temp-path';
import { buildCommand, type BuildCommand } from './command.js';
import type { EarlyCompileStart } from './early-guess.js';
import { spawnCompiler, writingTo, type Finished, type RunningCompiler } from './spawn-compiler.js';

interface Pending extends RunningCompiler {
  pluginDir: string;
  output: string;
  command: BuildCommand;
  tmp: string;
  startedAt: number;
}

let pending: Pending | undefined;

/**
 * Start the default go build the guess (early-guess.ts) found, writing to a temp file beside the
 * output. Never throws: a compiler that cannot even start fails the same way when the build runs it.
 */
export function startEarlyCompile(guess: EarlyCompileStart): void {
  if (pending) return;
  const command = buildCommand({ pluginDir: guess.pluginDir }, { name: 'go', path: guess.go });
  const tmp = tempPathFor(guess.output);
  const running = spawnCompiler(writingTo(command, guess.output, tmp), guess.pluginDir);
  pending = { ...running, pluginDir: guess.pluginDir, output: guess.output, command, tmp, startedAt: performance.now() };
  // At the latest when the process ends: stop() is synchronous, as an exit handler must be.
  process.once('exit', discardEarlyCompile);
}

function sameCommand(a: BuildCommand, b: BuildCommand): boolean {
  const env = (c: BuildCommand) => JSON.stringify(Object.entries(c.env).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
  return a.file === b.file && a.args.length === b.args.length && a.args.every((arg, i) => arg === b.args[i]) && env(a) === env(b);
}

export type EarlyCompileTaken =
  { running: { tmp: string; finished: Promise<Finished>; headStartMs: number } } | { discarded: string } | undefined;

/**
 * The running early compiler when it runs exactly `command` in `pluginDir` for `output`; else it is
 * discarded and the reason returned. Undefined when none was started (or it was already taken).
 */
export function takeEarlyCompile(command: BuildCommand, pluginDir: string, output: string, signal?: AbortSignal): EarlyCompileTaken {
  if (!pending) return undefined;
  const p = pending;
  if (p.pluginDir !== pluginDir || p.output !== output || !sameCommand(p.command, command)) {
    discardEarlyCompile();
    return { discarded: 'the planned command differs from the guessed one' };
  }
  pending = undefined;
  process.off('exit', discardEarlyCompile);
  // From now on it is this build's compiler: cancelling the build stops it, and the build waits for it.
  if (signal) {
    if (signal.aborted) p.stop();
    else {
      signal.addEventListener('abort', p.stop, { once: true });
      void p.finished.then(() => signal.removeEventListener('abort', p.stop));
    }
  }
  return { running: { tmp: p.tmp, finished: p.finished, headStartMs: Math.round(performance.now() - p.startedAt) } };
}

/** Stop an early compiler nobody took (a cache hit, an up-to-date build, an error) and remove its files. */
export function discardEarlyCompile(): void {
  const p = pending;
  if (!p) return;
  pending = undefined;
  process.off('exit', discardEarlyCompile);
  p.stop();
  rmSync(p.tmp, { force: true });
}
