/**
 * The whole template "engine": {{key}} or {{key | filter}}. No loops, no conditionals: templates
 * stay plain files that read like the plugin they become (the create-vite approach).
 * Unknown keys are left as they are, so a file may contain other {{...}} text (Go templates, docs).
 */

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*(?:\|\s*([a-z]+)\s*)?\}\}/g;

function words(value: string): string[] {
  return value.split(/[-_\s]+/).filter(Boolean);
}

const capital = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);

export const FILTERS: Record<string, (value: string) => string> = {
  /** my-plugin → My Plugin */
  title: (v) => words(v).map(capital).join(' '),
  /** my-plugin → MyPlugin */
  pascal: (v) => words(v).map(capital).join(''),
  /** my-plugin → myPlugin */
  camel: (v) =>
    words(v)
      .map((w, i) => (i === 0 ? w.toLowerCase() : capital(w)))
      .join(''),
  /** my-plugin → my_plugin */
  snake: (v) => words(v).join('_'),
  upper: (v) => v.toUpperCase(),
  lower: (v) => v.toLowerCase(),
  /** A double-quoted string: valid JSON, YAML and Go, whatever the value holds (colons, quotes). */
  json: (v) => JSON.stringify(v),
};

export interface Substitution {
  text: string;
  /** Keys that were referenced but have no value (left in the text as they were). */
  missing: string[];
}

export function substituteDetailed(text: string, values: Readonly<Record<string, string>>): Substitution {
  const missing = new Set<string>();
  const out = text.replace(PLACEHOLDER, (match, key: string, filter: string | undefined) => {
    const value = values[key];
    if (value === undefined) {
      missing.add(key);
      return match;
    }
    if (filter === undefined) return value;
    const apply = FILTERS[filter];
    return apply ? apply(value) : match;
  });
  return { text: out, missing: [...missing] };
}

export function substitute(text: string, values: Readonly<Record<string, string>>): string {
  return substituteDetailed(text, values).text;
}

/** The keys a text refers to, e.g. to find a default's dependencies. */
export function referencedKeys(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}
