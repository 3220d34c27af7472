/**
 * Schema validation with errors a person can act on: the file, the key's JSON path, line:col,
 * what was expected, what was found, and a did-you-mean for misspelt keys.
 */
import type { ErrorObject } from 'ajv';
import { nearest, UsageError } from '@hplugin/core';
// Generated ahead of time from the schema (`npm run schema`): no ajv compile on every command.
import validate from '../schema/validate-config.mjs';
import { positionOf } from './source-file.js';

export interface ConfigProblem {
  file: string;
  path: string;
  line?: number;
  col?: number;
  message: string;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `"${value}"`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

function pathSegments(instancePath: string): string[] {
  return instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function explain(error: ErrorObject): { segments: string[]; atKey: boolean; message: string } {
  const segments = pathSegments(error.instancePath);
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const guess = nearest(key, allowed);
      return {
        segments: [...segments, key],
        atKey: true,
        message: `unknown key "${key}"${guess !== undefined ? `: did you mean "${guess}"?` : ''} Allowed here: ${allowed.join(', ')}.`,
      };
    }
    case 'enum':
      return {
        segments,
        atKey: false,
        message: `expected one of ${(error.params.allowedValues as unknown[]).join(', ')}, found ${describeValue(error.data)}.`,
      };
    case 'pattern': {
      const last = segments.at(-1);
      const why =
        last === 'name'
          ? 'a lowercase kebab-case name that is a valid OCI repository component (e.g. request-block)'
          : last === 'version'
            ? 'a semantic version such as 1.0.0'
            : `text matching ${String(error.params.pattern)}`;
      return { segments, atKey: false, message: `expected ${why}, found ${describeValue(error.data)}.` };
    }
    case 'type':
      return { segments, atKey: false, message: `expected ${String(error.params.type)}, found ${describeValue(error.data)}.` };
    default:
      return { segments, atKey: false, message: `${error.message ?? 'invalid'}, found ${describeValue(error.data)}.` };
  }
}

/** Validate one config file's content. `text` is used for line:col when the file is YAML/JSON. */
export function validateConfigObject(value: unknown, file: string, text?: string): ConfigProblem[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => {
    const { segments, atKey, message } = explain(error);
    const pos = text ? positionOf(text, segments, atKey) : undefined;
    return { file, path: segments.length ? segments.join('.') : '(root)', ...(pos ? { line: pos.line, col: pos.col } : {}), message };
  });
}

export function formatProblem(p: ConfigProblem): string {
  const where = p.line ? `${p.file}:${p.line}:${p.col}` : p.file;
  return `${where}: ${p.path}: ${p.message}`;
}

export function throwIfProblems(problems: ConfigProblem[]): void {
  if (problems.length === 0) return;
  const lines = problems.map(formatProblem);
  throw new UsageError('CONFIG_INVALID', `The config is invalid:\n  ${lines.join('\n  ')}`, {
    hint: 'Fix the keys above. `hplugin config validate` checks again; plugin.config.schema.json gives editors completion.',
    details: { problems },
  });
}
