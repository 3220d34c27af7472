import { closest, distance } from 'fastest-levenshtein';

/** ` Did you mean X?` when a candidate is close enough to be a plausible typo, else ''. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  if (candidates.length === 0) return '';
  const lower = word.toLowerCase();
  const exactIgnoringCase = candidates.find((c) => c.toLowerCase() === lower);
  if (exactIgnoringCase) return ` Did you mean ${exactIgnoringCase}?`;
  const best = closest(lower, candidates.map((c) => c.toLowerCase()));
  const original = candidates.find((c) => c.toLowerCase() === best)!;
  return distance(lower, best) <= Math.max(2, Math.floor(best.length / 3)) ? ` Did you mean ${original}?` : '';
}
