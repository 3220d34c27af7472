/**
 * The built CLI as a process the test can kill -9 at a moment of its choosing (test/support/cli.ts
 * only hands back the finished result). The CLI leads its own process group, so SIGKILL to the
 * group takes its children (go, wasm-opt) down too, as a crash of the whole command would.
 */
import { spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { CLI, type CliResult } from '../../support/cli.js';

export interface RunningCli {
  pid: number;
  /** Settles when the process is gone (killed or exited); code is -1 when killed. */
  done: Promise<CliResult & { signal: NodeJS.Signals | null }>;
  killHard(): void;
}

export function startCli(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: { ...options.env, CI: 'true', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr, json: () => JSON.parse(stdout) }));
  });
  return {
    pid: child.pid!,
    done,
    killHard: () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    },
  };
}

/** Poll until `ready()` is true (or the process ended); true when ready was reached. */
export async function waitFor(ready: () => boolean | Promise<boolean>, running: RunningCli, limitMs = 60_000): Promise<boolean> {
  let finished = false;
  void running.done.then(() => (finished = true));
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (await ready()) return true;
    if (finished) return false;
    await delay(5);
  }
  return false;
}

/**
 * Run the built CLI as another user (root ignores file modes, so EACCES needs a user who obeys them).
 * setpriv is in util-linux, present on every Debian machine.
 */
export function runCliAs(uid: number, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', process.execPath, CLI, ...args], {
      cwd: options.cwd,
      env: { ...options.env, CI: 'true', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, json: () => JSON.parse(stdout) }));
  });
}
