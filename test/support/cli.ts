/**
 * Runs the BUILT CLI (packages/cli/bin/hplugin.js) as a user would: a separate process, no TTY,
 * CI=true unless overridden. e2e suites must use this, never import the CLI's sources.
 *
 * A run that prints a warning of node's own ("(node:123) MaxListenersExceededWarning: …") fails
 * the test that made it, whatever that test checks: users see those lines, and no test asserts
 * their absence one by one.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../packages/cli/bin/hplugin.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (for --json runs); throws if it is not exactly one JSON document. */
  json<T = any>(): T;
}

export interface CliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  timeoutMs?: number;
  /** Another hplugin bin to run (the packed-install suite runs the installed one). */
  bin?: string;
  /** Another node to run it with (the packed-install suite's other Node lines); default this one. */
  node?: string;
}

const NODE_WARNING = /\(node:\d+\) (?:\[\w+\] )?\w*Warning: [^\n]*/;

export function hplugin(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.node ?? process.execPath, [options.bin ?? CLI, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env: { ...process.env, CI: 'true', NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 300_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const warning = NODE_WARNING.exec(stderr)?.[0];
      if (warning) reject(new Error(`hplugin ${args.join(' ')} printed a node warning: ${warning}`));
      else resolve({ code: code ?? -1, stdout, stderr, json: () => JSON.parse(stdout) });
    });
    child.stdin.end(options.input ?? '');
  });
}
