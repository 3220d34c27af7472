/**
 * The Go spec generator reports its fatal error with a code (SPEC_GO_PARSE, …) that metadata rethrows.
 * The Go program is compiled separately, so TypeScript cannot check its codes: they are checked here,
 * at run time, against the catalogue (and a test scans the Go sources for every code it can emit).
 */
import { isErrorCode, type ErrorCode } from '@hplugin/core';

/** What a code from the Go generator is rethrown as: itself when catalogued; else the catalogued fallback, never an unlisted string. */
export function specgenErrorCode(goCode: string): { code: ErrorCode; uncatalogued?: string } {
  return isErrorCode(goCode) ? { code: goCode } : { code: 'SPEC_GENERATOR_FAILED', uncatalogued: goCode };
}
