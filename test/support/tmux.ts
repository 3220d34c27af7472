/**
 * A real terminal for the suites that need one (Ctrl-C, spinners, progress): a tmux server of its
 * own (-L, so nothing touches the developer's sessions), one pane, keys sent as a person types them.
 *
 *   const term = await openTerminal({ cwd, env });     // env: exactly what the shell gets
 *   await term.run('node hplugin.js build');           // typed, then Enter; "EXIT=<code>" follows
 *   await term.waitFor(/Compiling/, 60_000);
 *   await term.keys('C-c');
 *   const code = await term.exitCode(2_000);           // the command's exit status, or undefined
 *   term.screen()                                      // the pane's text, as shown
 *   await term.close();
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export interface Terminal {
  run(command: string): Promise<void>;
  keys(...keys: string[]): Promise<void>;
  screen(): string;
  /** Polls the screen until `pattern` shows, for at most `timeoutMs`; returns the match or undefined. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray | undefined>;
  /** The exit status printed after the command by run(), waiting at most `timeoutMs`. */
  exitCode(timeoutMs: number): Promise<number | undefined>;
  close(): Promise<void>;
}

let sessions = 0;

export async function openTerminal(options: { cwd: string; env: NodeJS.ProcessEnv; width?: number; height?: number }): Promise<Terminal> {
  const socket = `hplugin-test-${process.pid}-${++sessions}`;
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  // The shell's environment is written out, so the pane sees exactly `env` (no CI=true from the runner).
  const rc = join(options.cwd, `.tmux-env-${sessions}.sh`);
  const lines = Object.entries(options.env)
    // A person's terminal is not CI: CI=true (set by the runner, copied into most test envs) would
    // turn off prompts and spinners, so it is never passed on.
    .filter(([k, v]) => v !== undefined && k !== 'CI' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(k))
    .map(([k, v]) => `export ${k}='${String(v).replace(/'/g, `'\\''`)}'`);
  writeFileSync(rc, ['unset CI', ...lines, "PS1='$ '", ''].join('\n'));
  tmux(
    'new-session',
    '-d',
    '-s',
    'main',
    '-x',
    String(options.width ?? 110),
    '-y',
    String(options.height ?? 40),
    '-c',
    options.cwd,
    `bash --noprofile --rcfile ${rc}`,
  );
  tmux('set-option', '-t', 'main', 'history-limit', '5000');
  const screen = (): string => tmux('capture-pane', '-p', '-J', '-S', '-', '-t', 'main').replace(/\s+$/, '');
  const waitFor = async (pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray | undefined> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const match = screen().match(pattern);
      if (match || Date.now() >= until) return match ?? undefined;
      await delay(50);
    }
  };
  await waitFor(/\$ $/, 5_000);
  return {
    screen,
    waitFor,
    run: async (command) => {
      // The status is printed as EXIT=<n> on a line of its own, which the typed command never is.
      tmux('send-keys', '-t', 'main', '-l', `${command}; printf '\\nEXIT=%s\\n' $?`);
      tmux('send-keys', '-t', 'main', 'Enter');
    },
    keys: async (...keys) => {
      tmux('send-keys', '-t', 'main', ...keys);
    },
    exitCode: async (timeoutMs) => {
      const match = await waitFor(/^EXIT=(\d+)$/m, timeoutMs);
      return match ? Number(match[1]) : undefined;
    },
    close: async () => {
      try {
        tmux('kill-server');
      } catch {
        // Already gone.
      }
    },
  };
}
