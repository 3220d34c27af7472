/**
 * spec.yaml key order. Output must be byte-for-byte stable across runs and machines, and read the
 * way the console's own spec.yaml files do: identity first, then constraints, then children.
 */
const SCHEMA_KEY_ORDER = [
  'type',
  'format',
  'title',
  'x-title-i18n',
  'description',
  'x-description-i18n',
  'scope',
  'x-scope',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'items',
  'properties',
  'additionalProperties',
  'required',
  'example',
];

export function orderSchemaKeys(schema: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of SCHEMA_KEY_ORDER) if (schema[k] !== undefined) out[k] = schema[k];
  for (const k of Object.keys(schema).sort()) if (!(k in out) && schema[k] !== undefined) out[k] = schema[k];
  return out;
}

/** i18n maps are written in language order, whatever order the annotations came in. */
export function sortedRecord(record: Record<string, string>): Record<string, string> | undefined {
  const keys = Object.keys(record).sort();
  if (keys.length === 0) return undefined;
  return Object.fromEntries(keys.map((k) => [k, record[k]!]));
}
