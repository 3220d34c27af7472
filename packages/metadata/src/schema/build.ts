/**
 * Go types → openAPIV3Schema. The mapping follows what encoding/json (and gjson) would read:
 * string → string, ints/uints → integer, floats → number, bool → boolean, slices/arrays → array
 * (items), maps → object (additionalProperties), structs → object (properties, embedded ones
 * flattened), pointers → their element, interface{}/any and types from other packages → no type
 * (any value), time.Duration → string ("2s"), time.Time → string date-time, []byte → string byte.
 */
import { readFieldAnnotations } from '../annotations/field.js';
import type { Leniency } from '../annotations/leniency.js';
import type { LocalizedText } from '../annotations/values.js';
import type { GoField, GoNode } from '../specgen/model.js';
import type { JsonSchema, SpecWarning } from '../types.js';
import { orderSchemaKeys, sortedRecord } from './order.js';
import { readTagConstraints } from './tags.js';

export interface SchemaContext {
  /** Turns the generator's file name (relative to the Go package) into one relative to the plugin folder. */
  fileOf: (goFile: string) => string;
  /** `scope` (what hgctl writes and the console's spec.yaml files use) or `x-scope`. */
  scopeKey: 'scope' | 'x-scope';
  warnings: SpecWarning[];
  /** Lenient mode (not --strict): documentation gaps are warnings. */
  leniency?: Leniency;
}

export function nodeSchema(node: GoNode, ctx: SchemaContext): JsonSchema {
  switch (node.kind) {
    case 'string':
      return node.format === 'date-time' || node.format === 'byte' ? { type: 'string', format: node.format } : { type: 'string' };
    case 'integer':
    case 'number':
    case 'boolean':
      return { type: node.kind };
    case 'array':
      return { type: 'array', items: nodeSchema(node.items!, ctx) };
    case 'map':
      return { type: 'object', additionalProperties: nodeSchema(node.values!, ctx) };
    case 'object':
      // A struct that contains itself is described once; deeper levels stay an open object.
      return node.recursive ? { type: 'object' } : objectSchema(node.fields ?? [], ctx);
    default:
      return {};
  }
}

export function objectSchema(fields: readonly GoField[], ctx: SchemaContext): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const field of fields) {
    const { schema, isRequired } = fieldSchema(field, ctx);
    properties[field.name] = schema;
    if (isRequired) required.push(field.name);
  }
  return { type: 'object', properties, ...(required.length ? { required } : {}) };
}

function applyLocalized(schema: JsonSchema, key: 'title' | 'description', text: LocalizedText | undefined): void {
  if (!text) return;
  schema[key] = text.text.value;
  const i18n = sortedRecord(Object.fromEntries(Object.entries(text.i18n).map(([lang, t]) => [lang, t!.value])));
  if (i18n) schema[`x-${key}-i18n`] = i18n;
}

function fieldSchema(field: GoField, ctx: SchemaContext): { schema: JsonSchema; isRequired: boolean } {
  const file = ctx.fileOf(field.file);
  const pos = { file, line: field.line };
  const notes = readFieldAnnotations(field.doc, file, field.goName, ctx.leniency);
  const schema = nodeSchema(field.type, ctx);
  applyLocalized(schema, 'title', notes.title);
  applyLocalized(schema, 'description', notes.description);
  if (!notes.description && notes.plain) schema.description = notes.plain;
  if (notes.scope) schema[ctx.scopeKey] = notes.scope.value;
  if (notes.example) schema.example = notes.example.value;
  const { required, constraints } = readTagConstraints(field.tags ?? {}, schema.type, field.goName, pos, ctx.warnings);
  Object.assign(schema, constraints);
  if (required && field.omitEmpty) {
    ctx.warnings.push({
      code: 'SPEC_REQUIRED_OMITEMPTY',
      file,
      line: field.line,
      message: `${file}:${field.line}: field ${field.goName} is required:"true" but its tag says omitempty; it is listed as required.`,
    });
  }
  return { schema: orderSchemaKeys(schema), isRequired: required };
}
