/**
 * resolveParameters: one value per template parameter, in manifest order (so a default may use an
 * earlier value, e.g. title "{{name | title}}"). Precedence: --set, then the values file, then a
 * prompt (interactive only) or the default (with --yes, or for parameters that are never asked).
 * Non-interactive without --yes never guesses: every missing value is reported at once.
 */
import { resolve as resolvePath } from 'node:path';
import { UsageError } from '@hplugin/core';
import type { Template } from './load.js';
import type { TemplateParameter } from './manifest.js';
import { inquirerPrompt, type PromptFn } from './prompt.js';
import { checkValue, choicesFor, problemWith, type ValueSource } from './rules.js';
import { substituteDetailed } from './substitute.js';
import { suggestion } from './suggest.js';
import { readValuesFile } from './values-file.js';

export type ResolvedParameters = Record<string, string>;

export interface ResolveOptions {
  /** --set key=value pairs; they win over everything else. */
  set?: Readonly<Record<string, string>>;
  /** A YAML or JSON file of key: value pairs. */
  valuesFile?: string;
  /** Ask for missing values (the CLI passes flag ?? stdin.isTTY). */
  interactive: boolean;
  /** Accept defaults without asking. */
  yes?: boolean;
  /** Injected prompt; default @inquirer/prompts. */
  prompt?: PromptFn;
  /** Base for a relative valuesFile; default process.cwd(). */
  cwd?: string;
  /**
   * Replacements for manifest defaults, chosen by the caller from context (e.g. schema paths that
   * depend on where the plugin lands). Still below --set, the values file and answers; keys the
   * template does not declare are ignored, since they are not user input.
   */
  defaults?: Readonly<Record<string, string>>;
}

function rejectUnknown(keys: string[], params: readonly TemplateParameter[], origin: string, templateId: string): void {
  const names = params.map((p) => p.name);
  const unknown = keys.find((k) => !names.includes(k));
  if (unknown === undefined) return;
  throw new UsageError(
    'SCAFFOLD_UNKNOWN_PARAMETER',
    `The template "${templateId}" has no parameter "${unknown}" (${origin}).${suggestion(unknown, names)}`,
    {
      hint: `Its parameters: ${names.join(', ')}.`,
      details: { parameter: unknown, known: names },
    },
  );
}

interface Pending {
  param: TemplateParameter;
  fallback: string | undefined;
}

function defaultOf(param: TemplateParameter, values: ResolvedParameters, overrides: ResolveOptions['defaults']): string | undefined {
  const raw = overrides?.[param.name] ?? param.default;
  if (raw === undefined) return undefined;
  const { text, missing } = substituteDetailed(raw, values);
  return missing.length > 0 ? undefined : text;
}

async function ask(pending: Pending, prompt: PromptFn): Promise<string> {
  const { param, fallback } = pending;
  const choices = choicesFor(param);
  const answer = await prompt({
    name: param.name,
    message: param.prompt ?? param.name,
    ...(fallback !== undefined ? { default: fallback } : {}),
    ...(choices ? { choices } : {}),
    ...(param.description !== undefined ? { description: param.description } : {}),
    validate: (value) => {
      const allowed = problemWith(param, value);
      return allowed === undefined ? true : `Allowed: ${allowed}`;
    },
  });
  // An empty answer to an input prompt means "take the default".
  return answer === '' && fallback !== undefined ? fallback : answer;
}

function missingError(missing: Pending[], templateId: string): UsageError {
  const names = missing.map((m) => m.param.name);
  const flags = names.map((n) => `--set ${n}=<value>`).join(' ');
  const withDefaults = missing.filter((m) => m.param.default !== undefined).map((m) => m.param.name);
  const yesHint = withDefaults.length === names.length ? 'Pass --yes to accept the defaults, or give each value: ' : 'Pass ';
  return new UsageError(
    'SCAFFOLD_MISSING_VALUE',
    `Missing ${names.length === 1 ? 'a value' : 'values'} for ${names.map((n) => `"${n}"`).join(', ')} (template "${templateId}"), and hplugin does not prompt when it is not interactive.`,
    {
      hint: `${yesHint}${flags} (or put them in a --values-file).`,
      details: { missing: names },
    },
  );
}

export async function resolveParameters(template: Template, options: ResolveOptions): Promise<ResolvedParameters> {
  const params = template.manifest.parameters;
  const set = { ...(options.set ?? {}) };
  rejectUnknown(Object.keys(set), params, 'from --set', template.id);
  const fromFile = options.valuesFile ? await readValuesFile(resolvePath(options.cwd ?? process.cwd(), options.valuesFile)) : {};
  rejectUnknown(Object.keys(fromFile), params, `in ${options.valuesFile}`, template.id);

  const prompt = options.prompt ?? inquirerPrompt;
  const values: ResolvedParameters = {};
  const missing: Pending[] = [];
  for (const param of params) {
    const fallback = defaultOf(param, values, options.defaults);
    let value: string | undefined;
    let source: ValueSource = 'default';
    if (set[param.name] !== undefined) [value, source] = [set[param.name]!, 'set'];
    else if (fromFile[param.name] !== undefined) [value, source] = [fromFile[param.name]!, 'values-file'];
    else if (param.prompt === undefined || options.yes) value = fallback;
    else if (options.interactive) [value, source] = [await ask({ param, fallback }, prompt), 'prompt'];
    if (value === undefined) {
      // When defaults are being taken, a default that depends on a missing value is not reported
      // as well: the value it depends on is the root cause.
      const takingDefault = param.prompt === undefined || options.yes === true;
      if (!(takingDefault && param.default !== undefined)) missing.push({ param, fallback });
      continue;
    }
    values[param.name] = checkValue(param, value, source, template.id);
  }
  if (missing.length > 0) throw missingError(missing, template.id);
  return values;
}
