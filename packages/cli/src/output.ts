/**
 * The single exit point's printer. --json means exactly one JSON document on stdout, errors included;
 * otherwise results go to stdout and errors to stderr as "error[CODE]: message" plus the hint (and,
 * with --verbose, the docs entry of the code).
 */
import { escapeControl, redact, redactValue, type HpluginError } from '@hplugin/core';
import type { CommandResult, Context, Io } from './context.js';
// The version number only: the schemas themselves are for docs and tests, not loaded at run time.
import { JSON_SCHEMA_VERSION } from './json-version.js';
import { CLI_OPTION_SPELLING } from './option-spelling.js';

export function printResult(ctx: Context, result: CommandResult): void {
  if (ctx.json) {
    const doc = { schemaVersion: JSON_SCHEMA_VERSION, ok: (result.exitCode ?? 0) === 0, ...result.data, warnings: ctx.reporter.warnings };
    ctx.io.stdout.write(JSON.stringify(redactValue(doc), null, 2) + '\n');
  } else if (result.text) {
    // Results quote registries, VERSION files and plugin logs: no escape sequence reaches the terminal.
    ctx.io.stdout.write(redact(escapeControl(result.text.endsWith('\n') ? result.text : result.text + '\n')));
  }
}

const paint = (on: boolean, code: number, s: string) => (on ? `\u001b[${code}m${s}\u001b[39m` : s);

export function printError(
  err: HpluginError,
  opts: { json: boolean; verbose: boolean; color: boolean; io: Io; warnings?: unknown[] },
): void {
  // Library hints name their options (caFile); the user needs the flag (--ca-file <ca.pem>).
  const hint = err.hintFor(CLI_OPTION_SPELLING);
  if (opts.json) {
    const doc = {
      schemaVersion: JSON_SCHEMA_VERSION,
      ok: false,
      error: { ...err.toJSON(), ...(hint ? { hint } : {}) },
      ...(opts.warnings?.length ? { warnings: opts.warnings } : {}),
    };
    opts.io.stdout.write(JSON.stringify(redactValue(doc), null, 2) + '\n');
    return;
  }
  // Cancelling is the user's choice, not an error: one line, no code, no hint.
  if (err.code === 'CANCELLED') {
    // A terminal has just echoed ^C where the cursor was: start on a line of our own.
    const lead = opts.io.stderr.isTTY ? '\n' : '';
    opts.io.stderr.write(`${lead}${paint(opts.color, 33, 'cancelled')}: ${escapeControl(err.message)}\n`);
    return;
  }
  const lines = [`${paint(opts.color, 31, `error[${err.code}]`)}: ${escapeControl(err.message)}`];
  if (hint) lines.push(`${paint(opts.color, 36, 'hint')}: ${escapeControl(hint)}`);
  // Stack traces and the docs entry only on request: the code and hint are enough for most errors.
  if (opts.verbose) {
    lines.push(`${paint(opts.color, 90, 'more')}: ${err.docs}`);
    const cause = err.cause instanceof Error ? err.cause : err;
    if (cause.stack) lines.push(paint(opts.color, 90, escapeControl(cause.stack)));
  }
  opts.io.stderr.write(redact(lines.join('\n')) + '\n');
}
