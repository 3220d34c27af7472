import { createRequire } from 'node:module';

// Required on the first guess, not with core: every command imports core, few ever guess. The
// package is CommonJS, so require() keeps nearest() synchronous (it runs while an error is built).
const require = createRequire(import.meta.url);
let levenshtein: typeof import('fastest-levenshtein') | undefined;

/**
 * The candidate the user most likely meant, or undefined when none is close enough to be a typo.
 * A difference of case alone always counts; otherwise the edit distance may be at most a third of
 * the word (and at least 2), so "forse" finds "force" but an unrelated word gets no guess. Every
 * "did you mean" in hplugin (flags, config keys, annotations, templates, parameters) uses this one
 * rule, so they agree on what a near miss is.
 */
export function nearest(input: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const folded = input.toLowerCase();
  const sameButCase = candidates.find((c) => c.toLowerCase() === folded);
  if (sameButCase !== undefined) return sameButCase;
  const { closest, distance } = (levenshtein ??= require('fastest-levenshtein') as typeof import('fastest-levenshtein'));
  const lowered = candidates.map((c) => c.toLowerCase());
  const best = closest(folded, lowered);
  if (distance(folded, best) > Math.max(2, Math.floor(best.length / 3))) return undefined;
  return candidates[lowered.indexOf(best)];
}
