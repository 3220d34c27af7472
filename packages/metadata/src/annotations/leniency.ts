/**
 * Zero-config packaging of real plugin trees: the Higress repository ships plugins with an empty
 * `@Title` or an @Example that is not YAML. Such documentation gaps (errors marked soft) are
 * warnings by default and errors with --strict (package.strict), which CI templates use.
 */
import { isHpluginError } from '@hplugin/core';
import { SPEC_ANNOTATION_INVALID } from '../errors.js';
import type { SpecWarning } from '../types.js';

/** Present: lenient mode, collecting the gaps as warnings. Absent: strict, they throw. */
export interface Leniency {
  warnings: SpecWarning[];
}

export function isSoftError(err: unknown): boolean {
  return isHpluginError(err) && (err.details as { soft?: boolean } | undefined)?.soft === true;
}

/** Runs read(); in lenient mode a soft error becomes a warning and the value is left out (undefined). */
export function softly<T>(leniency: Leniency | undefined, read: () => T): T | undefined {
  try {
    return read();
  } catch (err) {
    if (!leniency || !isSoftError(err) || !isHpluginError(err)) throw err;
    const details = err.details as { file?: string; line?: number };
    leniency.warnings.push({
      // Only annotation errors are soft (errors.ts annotationError).
      code: SPEC_ANNOTATION_INVALID,
      message: `${err.message.replace(/\.?$/, '.')} It is left out (an error with --strict).`,
      ...(details.file ? { file: details.file } : {}),
      ...(details.line ? { line: details.line } : {}),
    });
    return undefined;
  }
}
