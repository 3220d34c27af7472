import { nearest } from '@hplugin/core';

/** ` Did you mean X?` when a candidate is close enough to be a plausible typo, else ''. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const best = nearest(word, candidates);
  return best === undefined ? '' : ` Did you mean ${best}?`;
}
