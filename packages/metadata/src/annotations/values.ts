/** Parsers for annotation values; each throws SPEC_ANNOTATION_INVALID naming file:line. */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { annotationError, type SourcePos } from '../errors.js';
import type { Annotation } from './lines.js';
import { splitLanguage, type Language } from './language.js';
import { didYouMean } from './suggest.js';
import { softly, type Leniency } from './leniency.js';

export interface Located<T> {
  value: T;
  pos: SourcePos;
}

/** A text in one primary language plus translations, as spec.yaml writes it (title + x-title-i18n). */
export interface LocalizedText {
  text: Located<string>;
  /** The primary text's language, when the annotation named one. */
  lang?: Language;
  i18n: Partial<Record<Language, Located<string>>>;
}

export function requireValue(a: Annotation): string {
  if (!a.text.trim()) throw annotationError(a.pos, `@${a.tag} has no value.`, `Write it as \`@${a.tag} <value>\`.`, true);
  return a.text;
}

export function enumValue<T extends string>(a: Annotation, allowed: readonly T[]): Located<T> {
  const text = requireValue(a);
  if (!(allowed as readonly string[]).includes(text)) {
    throw annotationError(
      a.pos,
      `@${a.tag} "${text}" is not one of ${allowed.join(', ')}.${didYouMean(text, allowed)}`,
      `Use one of: ${allowed.join(', ')}.`,
    );
  }
  return { value: text as T, pos: a.pos };
}

export function integerValue(a: Annotation, min: number, max: number): Located<number> {
  const text = requireValue(a);
  const n = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw annotationError(
      a.pos,
      `@${a.tag} "${text}" is not an integer from ${min} to ${max}.`,
      `Write a whole number, e.g. \`@${a.tag} 100\`; the gateway runs higher priorities first within a phase.`,
    );
  }
  return { value: n, pos: a.pos };
}

export function patternValue(a: Annotation, pattern: RegExp, what: string): Located<string> {
  const text = requireValue(a);
  if (!pattern.test(text)) throw annotationError(a.pos, `@${a.tag} "${text}" is not ${what}.`, `Write ${what}.`);
  return { value: text, pos: a.pos };
}

export function urlValue(a: Annotation): Located<string> {
  const text = requireValue(a);
  let ok = false;
  try {
    ok = ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    ok = false;
  }
  if (!ok)
    throw annotationError(a.pos, `@${a.tag} "${text}" is not an http(s) URL.`, 'Write a full URL such as https://example.com/icon.png.');
  return { value: text, pos: a.pos };
}

/** An @Example value: YAML (JSON is YAML too). Errors point at the line inside the block. */
export function yamlValue(a: Annotation): Located<unknown> {
  const text = requireValue(a);
  try {
    return { value: parseYaml(text, { prettyErrors: true, uniqueKeys: true }), pos: a.pos };
  } catch (err) {
    const offset = err instanceof YAMLParseError && err.linePos ? err.linePos[0].line : 1;
    const line = a.textLine + offset - 1;
    // yaml's own position is relative to the block; the file line is in front of the message.
    const reason = (err as Error).message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw annotationError(
      { file: a.pos.file, line },
      `@Example is not valid YAML: ${reason}`,
      'Fix the YAML between @Example and @End (indent with spaces, not tabs; quote values that contain ": ").',
      true,
    );
  }
}

export function single(list: Annotation[], tag: string): Annotation | undefined {
  const found = list.filter((a) => a.tag === tag);
  if (found.length > 1) {
    throw annotationError(found[1]!.pos, `@${tag} appears twice (first at line ${found[0]!.pos.line}).`, `Keep one @${tag}.`);
  }
  return found[0];
}

/** Groups @Title or @Description lines into the primary text and its translations. */
export function localized(list: Annotation[], tag: string, leniency?: Leniency): LocalizedText | undefined {
  const all = list.filter((a) => a.tag === tag).map((a) => ({ ...splitLanguage(a.text, a.pos, tag), pos: a.pos }));
  const entries = all.filter((e) => {
    if (e.text) return true;
    softly(leniency, () => {
      throw annotationError(e.pos, `@${tag} has no text.`, `Write it as \`@${tag} [zh-CN|en-US] <text>\`.`, true);
    });
    return false;
  });
  if (entries.length === 0) return undefined;
  const seen = new Map<string, SourcePos>();
  for (const e of entries) {
    const key = e.lang ?? '(no language)';
    const first = seen.get(key);
    if (first) {
      throw annotationError(e.pos, `@${tag} for ${key} appears twice (first at line ${first.line}).`, `Keep one @${tag} per language.`);
    }
    seen.set(key, e.pos);
  }
  // The untagged text is the primary one; without one, the first line is.
  const primary = entries.find((e) => !e.lang) ?? entries[0]!;
  const i18n: LocalizedText['i18n'] = {};
  for (const e of entries) if (e !== primary && e.lang) i18n[e.lang] = { value: e.text, pos: e.pos };
  return { text: { value: primary.text, pos: primary.pos }, ...(primary.lang ? { lang: primary.lang } : {}), i18n };
}
