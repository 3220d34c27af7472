/** The `schemaVersion` of every --json document (see json-schemas.ts and docs/json.md). */
export const JSON_SCHEMA_VERSION = 1;
