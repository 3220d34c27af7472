/**
 * Runs one command and times it: wall-clock milliseconds from spawn to exit, and, when asked,
 * the peak resident set size measured by GNU time (`/usr/bin/time -f %M`), which reports the
 * largest RSS of the command and of every descendant it waited for.
 *
 * A failed command throws with the tail of its output: a benchmark of a failing command would be
 * a figure of nothing. So does one that prints a warning of node's own ("(node:123)
 * MaxListenersExceededWarning: …"): the bench is often the only place where a command runs at
 * workspace scale, and it keeps no output a reader would see.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export const GNU_TIME = '/usr/bin/time';
export const canMeasureRss = () => existsSync(GNU_TIME);

const TAIL = 4000;
const NODE_WARNING = /\(node:\d+\) (?:\[\w+\] )?\w*Warning: [^\n]*/;
let rssFileSeq = 0;

/**
 * @param {{file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv}} cmd
 * @param {{rss?: boolean}} [options]
 * @returns {Promise<{ms: number, rssMb?: number}>}
 */
export async function timed(cmd, options = {}) {
  let { file, args } = cmd;
  let rssFile;
  if (options.rss && canMeasureRss()) {
    rssFile = join(tmpdir(), `hplugin-bench-rss-${process.pid}-${rssFileSeq++}`);
    args = ['-f', '%M', '-o', rssFile, file, ...args];
    file = GNU_TIME;
  }
  let output = '';
  let nodeWarning;
  const keep = (chunk) => {
    // Matched across the chunk boundary: the tail before it plus the chunk.
    nodeWarning ??= NODE_WARNING.exec(output.slice(-200) + chunk)?.[0];
    output = (output + chunk).slice(-TAIL);
  };
  const started = performance.now();
  const code = await new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: cmd.cwd, env: cmd.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (exitCode, signal) => resolve(exitCode ?? signal));
  });
  const ms = performance.now() - started;
  let rssMb;
  if (rssFile) {
    const text = await readFile(rssFile, 'utf8').catch(() => '');
    await rm(rssFile, { force: true });
    const kb = Number(text.trim().split('\n').pop());
    if (Number.isFinite(kb)) rssMb = kb / 1024;
  }
  if (code !== 0) {
    throw new Error(`\`${[cmd.file, ...cmd.args].join(' ')}\` in ${cmd.cwd} failed (${code}):\n${output.trimEnd()}`);
  }
  if (nodeWarning) throw new Error(`\`${[cmd.file, ...cmd.args].join(' ')}\` in ${cmd.cwd} printed a node warning: ${nodeWarning}`);
  return { ms, ...(rssMb !== undefined ? { rssMb } : {}) };
}

/** Runs a command for its side effects (setup, warm-up); output is returned, failure throws. */
export async function run(cmd) {
  let output = '';
  const code = await new Promise((resolve, reject) => {
    const child = spawn(cmd.file, cmd.args, { cwd: cmd.cwd, env: cmd.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('error', reject);
    child.on('close', (exitCode, signal) => resolve(exitCode ?? signal));
  });
  if (code !== 0)
    throw new Error(`\`${[cmd.file, ...cmd.args].join(' ')}\` in ${cmd.cwd} failed (${code}):\n${output.slice(-TAIL).trimEnd()}`);
  return output;
}

/** A shell script as one command, so a raw multi-step flow is timed as one unit, like a user's script. */
export function sh(script, cwd, env) {
  return { file: '/bin/sh', args: ['-ec', script], cwd, env };
}
