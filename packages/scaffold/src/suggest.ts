import { nearest } from '@hplugin/core';

/** ` Did you mean "X"?` when a candidate is close enough to be a typo (case differences always count), else ''. */
export function suggestion(input: string, candidates: readonly string[]): string {
  const best = nearest(input, candidates);
  return best === undefined ? '' : ` Did you mean "${best}"?`;
}
