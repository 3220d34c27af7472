/**
 * The parameter manifest (template.yaml) of a template folder: what the template is, which values
 * it needs, and a small rename table. Read strictly, because a typo in a manifest would otherwise
 * surface later as a silently unreplaced {{placeholder}} in somebody's new plugin.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { HpluginError } from '@hplugin/core';

export const MANIFEST_FILE = 'template.yaml';

export interface TemplateParameter {
  /** The key used in {{name}}, --set name=value and values files. */
  name: string;
  /** The question asked in interactive mode. Without one the parameter is never asked (its default is used). */
  prompt?: string;
  /** May refer to earlier parameters, e.g. "{{name | title}}". */
  default?: string;
  /** A regular expression the whole value must match. */
  pattern?: string;
  /** The allowed values (a select list when prompting). */
  enum?: string[];
  description?: string;
}

/** A plugin template makes one plugin; a workspace template makes a repository that holds many. */
export type TemplateKind = 'plugin' | 'workspace';
export const TEMPLATE_KINDS: readonly TemplateKind[] = ['plugin', 'workspace'];

export interface TemplateManifest {
  id: string;
  description: string;
  /** Default plugin. */
  kind: TemplateKind;
  parameters: TemplateParameter[];
  /** Template path → output path, e.g. { _gitignore: .gitignore } (npm drops .gitignore files). */
  rename: Record<string, string>;
}

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const PARAMETER_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const TOP_KEYS = new Set(['id', 'description', 'kind', 'parameters', 'rename']);
const PARAMETER_KEYS = new Set(['name', 'prompt', 'default', 'pattern', 'enum', 'description']);

function invalid(file: string, problem: string): HpluginError {
  return new HpluginError('SCAFFOLD_TEMPLATE_INVALID', `The template manifest ${file} is invalid: ${problem}.`, {
    hint: 'Fix template.yaml (keys: id, description, kind: plugin | workspace, parameters[{ name, prompt, default, pattern | enum, description }], rename), or pick another template.',
    details: { file },
  });
}

/** YAML turns `default: 0` into a number; parameters are strings everywhere else. */
function scalar(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function parseParameter(raw: unknown, index: number, file: string): TemplateParameter {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid(file, `parameters[${index}] is not a mapping`);
  const entry = raw as Record<string, unknown>;
  for (const key of Object.keys(entry))
    if (!PARAMETER_KEYS.has(key)) throw invalid(file, `parameters[${index}] has an unknown key "${key}"`);
  const name = scalar(entry.name);
  if (!name || !PARAMETER_NAME.test(name)) throw invalid(file, `parameters[${index}].name must be an identifier (letters, digits, _)`);
  const param: TemplateParameter = { name };
  const prompt = scalar(entry.prompt);
  if (prompt !== undefined) param.prompt = prompt;
  const fallback = scalar(entry.default);
  if (fallback !== undefined) param.default = fallback;
  const description = scalar(entry.description);
  if (description !== undefined) param.description = description;
  if (entry.pattern !== undefined && entry.enum !== undefined)
    throw invalid(file, `parameter "${name}" has both pattern and enum; use one`);
  if (entry.pattern !== undefined) {
    const pattern = scalar(entry.pattern);
    try {
      new RegExp(pattern ?? '(');
    } catch {
      throw invalid(file, `parameter "${name}" has a pattern that is not a regular expression`);
    }
    param.pattern = pattern!;
  }
  if (entry.enum !== undefined) {
    if (!Array.isArray(entry.enum) || entry.enum.length === 0) throw invalid(file, `parameter "${name}".enum must be a non-empty list`);
    param.enum = entry.enum.map((v) => scalar(v) ?? '');
  }
  if (param.prompt === undefined && param.default === undefined) {
    throw invalid(file, `parameter "${name}" has neither a prompt nor a default, so it could never get a value`);
  }
  return param;
}

export function parseManifest(text: string, file: string): TemplateManifest {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (err) {
    throw invalid(file, `not YAML (${(err as Error).message.split('\n')[0]})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw invalid(file, 'the document is not a mapping');
  const doc = data as Record<string, unknown>;
  for (const key of Object.keys(doc)) if (!TOP_KEYS.has(key)) throw invalid(file, `unknown key "${key}"`);
  const id = scalar(doc.id);
  if (!id || !ID.test(id)) throw invalid(file, 'id must be kebab-case, e.g. go-http');
  const description = scalar(doc.description) ?? '';
  const kind = (scalar(doc.kind) ?? 'plugin') as TemplateKind;
  if (!TEMPLATE_KINDS.includes(kind)) throw invalid(file, `kind must be one of ${TEMPLATE_KINDS.join(', ')}`);
  if (!Array.isArray(doc.parameters)) throw invalid(file, 'parameters must be a list');
  const parameters = doc.parameters.map((p, i) => parseParameter(p, i, file));
  const seen = new Set<string>();
  for (const p of parameters) {
    if (seen.has(p.name)) throw invalid(file, `parameter "${p.name}" is declared twice`);
    seen.add(p.name);
  }
  // Every plugin needs a name: it is the folder, the image repository and the SetCtx name (for a
  // workspace: the repository's package name).
  if (!seen.has('name')) throw invalid(file, 'it must declare a "name" parameter');
  const rename: Record<string, string> = {};
  if (doc.rename !== undefined) {
    if (typeof doc.rename !== 'object' || doc.rename === null || Array.isArray(doc.rename)) throw invalid(file, 'rename must be a mapping');
    for (const [from, to] of Object.entries(doc.rename as Record<string, unknown>)) {
      const target = scalar(to);
      if (!target) throw invalid(file, `rename.${from} must be a file name`);
      rename[from] = target;
    }
  }
  return { id, description, kind, parameters, rename };
}

export async function readManifest(dir: string): Promise<TemplateManifest> {
  const file = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new HpluginError('SCAFFOLD_TEMPLATE_INVALID', `${dir} is not a template: it has no ${MANIFEST_FILE}.`, {
      hint: 'A template folder holds template.yaml (the parameter manifest) next to the files it copies.',
      cause: err,
      details: { dir },
    });
  }
  return parseManifest(text, file);
}
