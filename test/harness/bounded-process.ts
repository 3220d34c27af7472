/**
 * Starts a long-running server binary so that it can never outlive the test process.
 *
 * API:
 *   spawnBounded(command, args, options?): Promise<BoundedProcess>
 *
 * Three layers, because a leaked registry keeps a port and a temp dir until the machine is reset:
 *   1. `kill()` sends SIGKILL and waits for the exit (tests call it from afterAll / stop()).
 *   2. A `process.on('exit')` hook SIGKILLs whatever is still alive if a test forgot or crashed.
 *   3. A watchdog shell holds our stdin pipe: when this process dies in a way no hook sees
 *      (SIGKILL, a worker torn down by vitest), the pipe closes and the watchdog kills the server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { onProcessExit } from './exit-cleanup.js';

export interface BoundedProcess {
  /** Pid of the server itself (not of the watchdog shell). */
  readonly pid: number;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  hasExited(): boolean;
  /** The last 64 KiB the server wrote to stdout and stderr. */
  output(): string;
  kill(): Promise<void>;
}

export interface SpawnBoundedOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

const OUTPUT_LIMIT = 64 * 1024;

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // ESRCH: already gone, which is what we wanted.
  }
}

// fd 3 keeps our stdin for the watchdog: POSIX gives background jobs /dev/null as stdin otherwise.
// The shell prints the server's pid on a marked line (the server may print first: it runs in the
// background before the echo), then exits with the server's exit code.
const PID_MARK = '@@bounded-pid:';
const WATCHDOG = [
  'exec 3<&0',
  '"$@" </dev/null 3<&- & pid=$!',
  'echo "@@bounded-pid:$pid"',
  '( read -r _ <&3; kill -9 "$pid" ) 2>/dev/null &',
  'watchdog=$!',
  'wait "$pid"; code=$?',
  'kill "$watchdog" 2>/dev/null',
  'exit "$code"',
].join('\n');

export async function spawnBounded(command: string, args: string[], options: SpawnBoundedOptions = {}): Promise<BoundedProcess> {
  const shell: ChildProcess = spawn('/bin/sh', ['-c', WATCHDOG, 'watchdog', command, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // Errors after start-up (a closed pipe, a failed kill) must not crash the test process; the exit
  // code and output() tell what happened.
  shell.on('error', () => undefined);
  shell.stdin!.on('error', () => undefined);
  let output = '';
  const append = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
  };
  shell.stderr!.on('data', append);

  let exitCode: number | null | undefined;
  // 'close', not 'exit': it comes after the last output, so output() is complete once this resolves.
  const exited = new Promise<number | null>((resolve) => {
    shell.once('close', (code) => {
      exitCode = code;
      resolve(code);
    });
  });

  const pid = await new Promise<number>((resolve, reject) => {
    let head = '';
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('utf8');
      const at = head.indexOf(PID_MARK);
      const end = at < 0 ? -1 : head.indexOf('\n', at);
      if (end < 0) return;
      shell.stdout!.off('data', onData);
      shell.stdout!.on('data', append);
      // Whatever the server printed around the marked line is its output.
      append(Buffer.from(head.slice(0, at) + head.slice(end + 1)));
      resolve(Number(head.slice(at + PID_MARK.length, end)));
    };
    shell.stdout!.on('data', onData);
    shell.once('error', reject);
    void exited.then(() => reject(new Error(`${command} exited before it started: ${output}`)));
  });
  const forget = onProcessExit(() => killQuietly(pid));
  void exited.then(forget);
  // A forgotten server must not keep the test process alive; the exit hook and watchdog kill it.
  shell.unref();
  for (const stream of [shell.stdin, shell.stdout, shell.stderr] as Array<{ unref?: () => void } | null>) stream?.unref?.();

  return {
    pid,
    exited,
    hasExited: () => exitCode !== undefined,
    output: () => output,
    async kill() {
      if (exitCode !== undefined) return;
      shell.ref(); // so that awaiting the exit below keeps this process alive
      killQuietly(pid);
      // The shell exits as soon as the server does; the timer only guards against a stuck shell.
      const timer = setTimeout(() => {
        shell.kill('SIGKILL');
        shell.stdout!.destroy();
        shell.stderr!.destroy();
      }, 5_000);
      await exited;
      clearTimeout(timer);
      shell.stdin!.destroy();
    },
  };
}
