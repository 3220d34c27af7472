/**
 * Struct tag constraints (hgctl's set): required, minimum, maximum, minLength, maxLength,
 * minItems, maxItems, pattern. A value that does not parse is an error naming file:line, where
 * hgctl silently dropped it.
 */
import { annotationError, type SourcePos } from '../errors.js';
import type { JsonSchema, SpecWarning } from '../types.js';

const NUMBER_TAGS = ['minimum', 'maximum'] as const;
const COUNT_TAGS = ['minLength', 'maxLength', 'minItems', 'maxItems'] as const;
// Which schema type each constraint means something for.
const APPLIES_TO: Record<string, string> = {
  minimum: 'integer|number',
  maximum: 'integer|number',
  minLength: 'string',
  maxLength: 'string',
  pattern: 'string',
  minItems: 'array',
  maxItems: 'array',
};

/** Go's strconv.ParseBool, which is what `required:"…"` means to Go readers of the tag. */
function parseGoBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}

function fail(pos: SourcePos, field: string, message: string, hint: string): never {
  throw annotationError(pos, `Field ${field}: ${message}`, hint);
}

export interface TagConstraints {
  required: boolean;
  constraints: JsonSchema;
}

export function readTagConstraints(
  tags: Record<string, string>,
  schemaType: unknown,
  field: string,
  pos: SourcePos,
  warnings: SpecWarning[],
): TagConstraints {
  const constraints: JsonSchema = {};
  let required = false;
  if (tags.required !== undefined) {
    const value = parseGoBool(tags.required);
    if (value === undefined)
      fail(pos, field, `required:"${tags.required}" is not true or false.`, 'Write required:"true" or leave the tag out.');
    required = value;
  }
  for (const key of NUMBER_TAGS) {
    const text = tags[key];
    if (text === undefined) continue;
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) fail(pos, field, `${key}:"${text}" is not a number.`, `Write e.g. ${key}:"10".`);
    constraints[key] = n;
  }
  for (const key of COUNT_TAGS) {
    const text = tags[key];
    if (text === undefined) continue;
    if (!/^\d+$/.test(text)) fail(pos, field, `${key}:"${text}" is not a whole number ≥ 0.`, `Write e.g. ${key}:"1".`);
    constraints[key] = Number(text);
  }
  if (tags.pattern !== undefined) {
    try {
      new RegExp(tags.pattern, 'u');
    } catch (err) {
      fail(
        pos,
        field,
        `pattern:"${tags.pattern}" is not a valid regular expression: ${(err as Error).message}.`,
        'The console checks patterns with JavaScript regular expressions; use syntax that both Go and JavaScript accept.',
      );
    }
    constraints.pattern = tags.pattern;
  }
  for (const [lo, hi] of [
    ['minimum', 'maximum'],
    ['minLength', 'maxLength'],
    ['minItems', 'maxItems'],
  ] as const) {
    const a = constraints[lo] as number | undefined;
    const b = constraints[hi] as number | undefined;
    if (a !== undefined && b !== undefined && a > b)
      fail(pos, field, `${lo} ${a} is greater than ${hi} ${b}.`, `Swap or fix the ${lo}/${hi} tags.`);
  }
  for (const key of Object.keys(constraints)) {
    const types = APPLIES_TO[key]!.split('|');
    if (typeof schemaType === 'string' && !types.includes(schemaType)) {
      warnings.push({
        code: 'SPEC_TAG_IGNORED',
        file: pos.file,
        line: pos.line,
        message: `${pos.file}:${pos.line}: field ${field}: ${key} applies to ${types.join(' or ')} values, but the field is ${schemaType}; the console will ignore it.`,
      });
    }
  }
  return { required, constraints };
}
