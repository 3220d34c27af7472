/**
 * Errors with permanent codes.
 *
 * Every failure a user can meet is an HpluginError: a stable `code` (documented in the README and
 * never reused), a message that says what happened and why, and a `hint` that says what to do next.
 * Stages throw; only the CLI's single exit point turns an error into output and an exit code.
 * The codes, their exit codes and default hints live in the catalogue (error-catalogue/).
 */
import {
  ERROR_CATALOGUE,
  errorDocsAnchor,
  type ErrorCode,
  type ErrorDocsAnchor,
  type ExitClass,
  type UsageErrorCode,
} from './error-catalogue/index.js';

/** 0 ok, 1 the operation failed, 2 bad usage or bad config (the input must change). */
export type ExitCode = 0 | 1 | 2;

export const EXIT_OK = 0 as const;
export const EXIT_FAILURE = 1 as const;
export const EXIT_USAGE = 2 as const;

/**
 * How a front end spells the options a library hint names: the CLI maps `caFile` to
 * `--ca-file <ca.pem>`. A value may take one argument (e.g. the registry host for `login`).
 */
export type OptionSpelling = Readonly<Record<string, string | ((arg: string) => string)>>;

/**
 * A hint that names options of a library call. A library cannot know how its caller sets them (a
 * flag, a config key, an argument), so it words the hint through `spell`; the hint it stores spells
 * each option by its own name, and a front end re-renders it with `hintFor(its spelling)`.
 */
export type HintTemplate = (spell: (option: string, arg?: string) => string) => string;

function speller(spelling: OptionSpelling): (option: string, arg?: string) => string {
  return (option, arg = '') => {
    const spelled = spelling[option];
    return spelled === undefined ? option : typeof spelled === 'function' ? spelled(arg) : spelled;
  };
}

export interface HpluginErrorOptions {
  /** What to do next. Printed under the message. Defaults to the catalogue's hint for the code. */
  hint?: string;
  /** Instead of `hint`: a hint naming caller options, spelled by `librarySpelling` until a front end re-renders it. */
  hintTemplate?: HintTemplate;
  /** How `hintTemplate` spells options when no front end says otherwise (default: the option names). */
  librarySpelling?: OptionSpelling;
  cause?: unknown;
  /** Machine-readable context, included in --json output. Never put secrets here. */
  details?: Record<string, unknown>;
}

// A brand instead of instanceof alone: two copies of this package (e.g. a library user's and the
// CLI's) must still recognise each other's errors.
const BRAND = Symbol.for('hplugin.error');

export class HpluginError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  /** From the catalogue: the code decides the exit, not the throw site. */
  readonly exitCode: ExitClass;
  /** Where the code is documented, e.g. docs/error-codes.md#build_failed. */
  readonly docs: ErrorDocsAnchor;
  readonly details: Record<string, unknown> | undefined;
  readonly [BRAND] = true;
  readonly #hintTemplate: HintTemplate | undefined;
  readonly #librarySpelling: OptionSpelling;

  constructor(code: ErrorCode, message: string, options: HpluginErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HpluginError';
    this.code = code;
    const entry = ERROR_CATALOGUE[code];
    this.#hintTemplate = options.hintTemplate;
    this.#librarySpelling = options.librarySpelling ?? {};
    this.hint = options.hintTemplate ? options.hintTemplate(speller(this.#librarySpelling)) : (options.hint ?? entry.hint);
    this.exitCode = entry.exit;
    this.docs = errorDocsAnchor(code);
    this.details = options.details;
  }

  /** The hint with the options it names spelled the caller's way (the CLI: its flags); options it does not spell keep the library's words. */
  hintFor(spelling: OptionSpelling): string | undefined {
    return this.#hintTemplate ? this.#hintTemplate(speller({ ...this.#librarySpelling, ...spelling })) : this.hint;
  }

  toJSON(): { code: ErrorCode; message: string; hint?: string; docs: ErrorDocsAnchor; details?: Record<string, unknown> } {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint ? { hint: this.hint } : {}),
      docs: this.docs,
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

/** Bad flags, arguments or config: exit code 2. Only codes the catalogue files under exit 2 compile here. */
export class UsageError extends HpluginError {
  constructor(code: UsageErrorCode, message: string, options: HpluginErrorOptions = {}) {
    super(code, message, options);
    this.name = 'UsageError';
  }
}

/** The exit code of a command stopped by Ctrl-C or SIGTERM, as shells report 128 + SIGINT. */
export const CANCELLED_EXIT_CODE = 130;

/**
 * The user stopped the command (Ctrl-C, SIGTERM, or cancelling a prompt). Not a failure of the
 * operation: what was running was stopped, and every write hplugin makes is atomic.
 */
export function cancelledError(reason = 'Cancelled'): HpluginError {
  return new HpluginError('CANCELLED', `${reason}; stopped before it finished, nothing was half-written.`, {
    hint: 'Run the command again to finish it.',
  });
}

/** True for the cancelledError above and for @inquirer/prompts' ExitPromptError/AbortPromptError. */
export function isCancellation(value: unknown): boolean {
  if (isHpluginError(value)) return value.code === 'CANCELLED';
  const name = (value as { name?: unknown } | undefined)?.name;
  return name === 'ExitPromptError' || name === 'AbortPromptError';
}

export function isHpluginError(value: unknown): value is HpluginError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/**
 * Anything that is not already an HpluginError is a bug or an unexpected system failure.
 * Known Node system errors get a readable message; the rest becomes INTERNAL.
 */
export function toHpluginError(value: unknown): HpluginError {
  if (isHpluginError(value)) return value;
  if (isCancellation(value)) return cancelledError();
  const err = value instanceof Error ? value : new Error(String(value));
  const sys = err as NodeJS.ErrnoException;
  switch (sys.code) {
    case 'EACCES':
    case 'EPERM':
      return new HpluginError('FS_PERMISSION_DENIED', `Permission denied: ${sys.path ?? err.message}.`, {
        hint: 'Check the file permissions, or run hplugin from a folder you can write to.',
        cause: err,
      });
    case 'ENOSPC':
      return new HpluginError('FS_NO_SPACE', 'The disk is full; nothing was half-written, because hplugin writes atomically.', {
        hint: 'Free some disk space and run the command again.',
        cause: err,
      });
    case 'ENOENT':
      return new HpluginError('FS_NOT_FOUND', `No such file or folder: ${sys.path ?? err.message}.`, {
        hint: 'Check the path, or pass --cwd to run from the plugin folder.',
        cause: err,
      });
    default:
      return new HpluginError('INTERNAL', `Unexpected error: ${err.message}`, {
        hint: 'This is a bug in hplugin. Run again with --verbose and report the output.',
        cause: err,
      });
  }
}
