/**
 * A failure of the test harness itself (a peer tool missing, the registry not starting). Its codes
 * are not hplugin's: the CLI never emits them, so they stay out of the error catalogue, and an
 * HpluginError (which only takes catalogued codes) is not the class for them.
 */
export class HarnessError extends Error {
  readonly code: string;
  readonly hint: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: { hint: string; cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HarnessError';
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }
}
