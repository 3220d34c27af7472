/**
 * One entry of the error catalogue. The catalogue is the single list of permanent error codes:
 * throw sites can only name a code it holds (HpluginError takes an ErrorCode), the exit code comes
 * from here, and docs/error-codes.md is generated from it, so code, exit and docs cannot drift.
 */

/** 1 the operation failed, 2 the input (flags, config, files) must change, 130 the user stopped it. */
export type ExitClass = 1 | 2 | 130;

export interface CatalogueEntry {
  readonly exit: ExitClass;
  /** The one-line form of the message, with <placeholders> for what the throw site fills in. */
  readonly message: string;
  /** What to do next. Used when a throw site gives no hint of its own, so it names no placeholder a user would have to guess. */
  readonly hint: string;
}
