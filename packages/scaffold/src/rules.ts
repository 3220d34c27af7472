/**
 * Validation of parameter values. Parameters with well-known names (name, category, phase,
 * priority, version, module) follow the Higress rules whatever the template says, because the
 * rest of hplugin (config, spec.yaml, the OCI repository) depends on them; a template can add
 * its own pattern or enum on top.
 */
import { UsageError } from '@hplugin/core';
import { CATEGORIES, NAME_MAX_LENGTH, NAME_PATTERN, PHASES, PRIORITY_MAX, isPluginName, isSemver } from '@hplugin/rules';
import type { TemplateParameter } from './manifest.js';
import { suggestion } from './suggest.js';

export { CATEGORIES, PHASES };

/** OCI-repository-safe kebab-case; 63 at most so the name also fits a Kubernetes label. */
export const PLUGIN_NAME = new RegExp(NAME_PATTERN);
const GO_MODULE = /^[A-Za-z0-9][A-Za-z0-9._~-]*(\/[A-Za-z0-9._~-]+)*$/;
// Values land in Go comments, YAML and Markdown lines: a newline or control byte would break them.
// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are refused.
const CONTROL = /[\u0000-\u001f\u007f]/;
const MAX_LENGTH = 500;

interface Rule {
  /** What is allowed, in words, for the message and the --set hint. */
  allowed: string;
  check(value: string): boolean;
  /** The canonical spelling of an accepted value (e.g. "007" → "7"). */
  normalise?(value: string): string;
  choices?: readonly string[];
}

export const WELL_KNOWN: Record<string, Rule> = {
  name: {
    allowed: `kebab-case of lowercase letters and digits, at most ${NAME_MAX_LENGTH} characters (e.g. my-plugin)`,
    check: isPluginName,
  },
  category: {
    allowed: `one of ${CATEGORIES.join(', ')}`,
    check: (v) => (CATEGORIES as readonly string[]).includes(v),
    choices: CATEGORIES,
  },
  phase: { allowed: `one of ${PHASES.join(', ')}`, check: (v) => (PHASES as readonly string[]).includes(v), choices: PHASES },
  priority: {
    allowed: `an integer from 0 to ${PRIORITY_MAX}`,
    check: (v) => /^\d{1,4}$/.test(v) && Number(v) <= PRIORITY_MAX,
    normalise: (v) => String(Number(v)),
  },
  version: { allowed: 'a semantic version such as 0.1.0', check: isSemver },
  module: {
    allowed: 'a Go module path such as example.com/plugins/my-plugin',
    check: (v) => GO_MODULE.test(v) && !v.split('/').some((s) => s === '.' || s === '..'),
  },
};

/** The choices to offer when prompting: the template's enum, else a well-known list. */
export function choicesFor(param: TemplateParameter): readonly string[] | undefined {
  return param.enum ?? WELL_KNOWN[param.name]?.choices;
}

/** Returns a problem description, or undefined when the value is acceptable. */
export function problemWith(param: TemplateParameter, value: string): string | undefined {
  if (CONTROL.test(value)) return 'a single line without control characters';
  if (value.length > MAX_LENGTH) return `at most ${MAX_LENGTH} characters`;
  const rule = WELL_KNOWN[param.name];
  if (rule && !rule.check(value)) return rule.allowed;
  if (param.enum && !param.enum.includes(value)) return `one of ${param.enum.join(', ')}`;
  if (param.pattern && !new RegExp(`^(?:${param.pattern})$`).test(value)) return `a value matching /${param.pattern}/`;
  if (!rule && !param.enum && !param.pattern && param.prompt && value.trim() === '') return 'a non-empty value';
  return undefined;
}

export type ValueSource = 'set' | 'values-file' | 'prompt' | 'default';

const SOURCE_TEXT: Record<ValueSource, string> = {
  set: 'from --set',
  'values-file': 'from the values file',
  prompt: 'typed at the prompt',
  default: "the template's default",
};

/** "My_Plugin" → ' Did you mean "my-plugin"?' for the plugin name. */
function nameSuggestion(param: TemplateParameter, value: string): string {
  if (param.name !== 'name') return '';
  const slug = value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug && slug !== value && WELL_KNOWN.name!.check(slug) ? ` Did you mean "${slug}"?` : '';
}

/** Validate and normalise, or throw SCAFFOLD_INVALID_VALUE naming what was given and what is allowed. */
export function checkValue(param: TemplateParameter, value: string, source: ValueSource, templateId: string): string {
  const allowed = problemWith(param, value);
  if (allowed === undefined) return WELL_KNOWN[param.name]?.normalise?.(value) ?? value;
  const choices = choicesFor(param);
  const hint =
    source === 'default'
      ? `The template "${templateId}" has a bad default for "${param.name}"; pass --set ${param.name}=<value> or fix its template.yaml.`
      : `Pass --set ${param.name}=<value>, where the value is ${allowed}.`;
  throw new UsageError(
    'SCAFFOLD_INVALID_VALUE',
    `Invalid value for "${param.name}": ${JSON.stringify(value)} (${SOURCE_TEXT[source]}). Allowed: ${allowed}.${choices ? suggestion(value, choices) : nameSuggestion(param, value)}`,
    { hint, details: { parameter: param.name, value, allowed, source } },
  );
}
