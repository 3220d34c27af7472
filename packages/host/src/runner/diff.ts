/** Readable unified diffs for failed expectations. */
import { createTwoFilesPatch } from 'diff';

export const ABSENT = '(absent)';

function show(value: unknown): string {
  if (value === undefined) return ABSENT;
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2);
}

/** `--- expected / +++ actual` with the hunks; the index banner the library adds is dropped. */
export function unifiedDiff(expected: unknown, actual: unknown): string {
  const patch = createTwoFilesPatch('expected', 'actual', `${show(expected)}\n`, `${show(actual)}\n`, undefined, undefined, { context: 3 });
  return patch
    .split('\n')
    .filter((line) => !/^=+$/.test(line) && line !== '\\ No newline at end of file')
    .join('\n')
    .trimEnd();
}
