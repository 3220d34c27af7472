/**
 * The compiler as a child process, stdout and stderr interleaved in one string. node:child_process
 * rather than execa: loading execa (~100 files) took longer than Go takes to link a cached plugin.
 * Its own module, with nothing but node built-ins, because the compiler's head start
 * (early-compile.ts) spawns it before the rest of hplugin has loaded.
 *
 * Stopping a compiler (a cancelled build, a head start nobody took) must not leave Go's work folder
 * behind: go build dies on SIGINT, SIGTERM or SIGKILL without removing $WORK (measured with go1.26,
 * a /tmp/go-build… folder per stopped build). So each compiler gets a GOTMPDIR of its own, which
 * hplugin removes once the compiler has ended or been killed, and runs in a process group of its
 * own, so that a stop also ends the compile and link processes go started.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BuildCommand } from './command.js';

export interface Finished {
  output: string;
  exitCode?: number;
  /** Why it could not even start (ENOENT, EACCES…). */
  spawnError?: string;
}

export interface RunningCompiler {
  /** Settles once the compiler has ended and its work folder is gone. */
  finished: Promise<Finished>;
  /** Kill the compiler and everything it started, now, and remove its work folder. Synchronous: safe at process exit. */
  stop(): void;
}

/** A process group of its own where there are process groups. */
const OWN_GROUP = process.platform !== 'win32';

export function spawnCompiler(command: BuildCommand, cwd: string, signal?: AbortSignal): RunningCompiler {
  const env = { ...process.env, ...command.env };
  // Inside the GOTMPDIR the user chose, if any: only the folder is ours.
  const workRoot = mkdtempSync(join(env.GOTMPDIR || tmpdir(), 'hplugin-go-'));
  const chunks: Buffer[] = [];
  let spawnError: string | undefined;
  const child = spawn(command.file, command.args, {
    cwd,
    env: { ...env, GOTMPDIR: workRoot },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: OWN_GROUP,
  });
  child.stdout?.on('data', (c: Buffer) => chunks.push(c));
  child.stderr?.on('data', (c: Buffer) => chunks.push(c));
  const stop = (): void => {
    try {
      if (OWN_GROUP && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      else child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
    // Synchronous: stop() also runs in an exit handler.
    rmSync(workRoot, { recursive: true, force: true, maxRetries: 3 });
  };
  const finished = new Promise<Finished>((resolve) => {
    child.on('error', (err: NodeJS.ErrnoException) => {
      spawnError = err.code ?? err.message;
    });
    child.on('close', (code) => {
      // Every plugin of a workspace build shares the command's signal: a listener left behind per
      // compiler adds up (node warns of a leak at 11) for a stop that can no longer do anything.
      signal?.removeEventListener('abort', stop);
      const outcome: Finished = {
        output: Buffer.concat(chunks).toString('utf8'),
        ...(code !== null ? { exitCode: code } : {}),
        ...(spawnError ? { spawnError } : {}),
      };
      // Go has removed its work folder by now (unless killed): what is left is the empty folder.
      void rm(workRoot, { recursive: true, force: true, maxRetries: 3 })
        .catch(() => undefined)
        .then(() => resolve(outcome));
    });
  });
  if (signal) {
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  }
  return { finished, stop };
}

/** The command with its output path replaced by `tmp`: the compiler writes beside the output, then hplugin renames. */
export function writingTo(command: BuildCommand, output: string, tmp: string): BuildCommand {
  return { ...command, args: command.args.map((a) => (a === output ? tmp : a)) };
}
