/**
 * hplugin's temp-file names. A module of its own, exported as @hplugin/core/temp-path, for code that
 * runs before the rest of hplugin loads (the compiler's head start) and must name its temp files the
 * way every other writer does (the publish record skips them by this pattern).
 */
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/** A temp path in the same folder as `path`, so that rename() stays on one filesystem. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}
