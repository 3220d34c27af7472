import { closest, distance } from 'fastest-levenshtein';

/** The closest candidate when it is close enough to be a typo; case differences always count. */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const folded = candidates.find((c) => c.toLowerCase() === input.toLowerCase());
  if (folded) return folded;
  const best = closest(input, candidates as string[]);
  return distance(input, best) <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

export function suggestion(input: string, candidates: readonly string[]): string {
  const best = didYouMean(input, candidates);
  return best ? ` Did you mean "${best}"?` : '';
}
