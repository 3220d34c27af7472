/**
 * Language tags of @Title/@Description. The Higress console knows zh-CN and en-US (its
 * x-title-i18n keys); hgctl accepts `@Title en-US text` and we also accept `@Title [en-US] text`.
 */
import { annotationError, type SourcePos } from '../errors.js';
import { didYouMean } from './suggest.js';

export const LANGUAGES = ['en-US', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

// Anything shaped like a language tag is taken as one, so that `@Title zh-TW …` is an error
// rather than a title that starts with "zh-TW".
const LANGUAGE_SHAPE = /^[A-Za-z]{2}[-_][A-Za-z]{2,4}$/;

/** Splits `[zh-CN] text` / `zh-CN text` / `text` into language and text. */
export function splitLanguage(rest: string, pos: SourcePos, tag: string): { lang?: Language; text: string } {
  const match = /^(\S+)\s*(.*)$/s.exec(rest);
  if (!match) return { text: rest };
  const [, first = '', remainder = ''] = match;
  const bracketed = /^\[(.*)\]$/.exec(first);
  const candidate = bracketed ? bracketed[1]! : first;
  if (!bracketed && !LANGUAGE_SHAPE.test(candidate)) return { text: rest };
  const known = LANGUAGES.find((l) => l.toLowerCase() === candidate.toLowerCase());
  if (!known) {
    throw annotationError(
      pos,
      `@${tag} has an unknown language tag "${candidate}".${didYouMean(candidate.replace('_', '-'), LANGUAGES)}`,
      `Use one of ${LANGUAGES.join(', ')} (the languages the Higress console shows), or leave the language out.`,
    );
  }
  return { lang: known, text: remainder.trim() };
}
