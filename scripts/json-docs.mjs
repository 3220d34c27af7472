#!/usr/bin/env node
// Writes docs/json.md from packages/cli/src/json-schemas.ts (built: packages/cli/dist/json-schemas.js).
// `node scripts/json-docs.mjs` after changing a schema; test/e2e/json-output.test.ts keeps it current.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const target = fileURLToPath(new URL('../docs/json.md', import.meta.url));

/** JSON with short values on one line, so a schema reads as a list of fields. */
function compact(value, indent) {
  const flat = JSON.stringify(value);
  if (flat.length + indent.length <= 100 || value === null || typeof value !== 'object') return flat;
  const inner = indent + '  ';
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + compact(v, inner)).join(',\n')}\n${indent}]`;
  return `{\n${Object.entries(value)
    .map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compact(v, inner)}`)
    .join(',\n')}\n${indent}}`;
}

export async function render() {
  const { COMMAND_SCHEMAS, ERROR_SCHEMA, JSON_SCHEMA_VERSION, successSchema } = await import('../packages/cli/dist/json-schemas.js');
  const block = (schema) => ['```json', compact(schema, ''), '```'].join('\n');
  return [
    '# `--json` output',
    '',
    'With `--json`, every command prints exactly one JSON document on stdout, and nothing else (errors',
    'included; progress and warnings are not printed on stderr). This page is its contract: one JSON',
    'Schema per command, generated from `packages/cli/src/json-schemas.ts` by `node scripts/json-docs.mjs`.',
    '`test/e2e/json-output.test.ts` runs the commands and validates what they print against these schemas.',
    '',
    '## Versioning',
    '',
    `Every document has \`schemaVersion\` (now **${JSON_SCHEMA_VERSION}**), \`ok\` and, on success, \`warnings\`.`,
    'New fields may appear in any release without a new version; a field that is removed or renamed, or',
    'whose type or meaning changes, comes with a new `schemaVersion`, listed below. Check `schemaVersion`',
    'and ignore fields you do not know. The schemas list the fields a script may rely on; a document can',
    'carry more (for example `durationMs` timings), which may change without notice.',
    '',
    '| schemaVersion | change |',
    '|---|---|',
    '| 1 | the first versioned contract |',
    '',
    '`ok` is false when the command ran but its verdict is a failure (a failed test case or module check,',
    "a gateway rejection): the exit code is 1 and the document is the command's own. `warnings` are the",
    'warnings printed without `--json`, as `{message, code?}`.',
    '',
    '## Errors (every command)',
    '',
    'A failure to run (exit 1 or 2, or 130 when cancelled) prints this instead; `error.code` is one of',
    '[the permanent codes](error-codes.md), and `error.docs` its entry there (e.g.',
    '`docs/error-codes.md#build_failed`, a path in the hplugin repository).',
    '',
    block(ERROR_SCHEMA),
    '',
    '## Success (every command)',
    '',
    "Each command's schema below is combined with this envelope (`allOf`):",
    '',
    block(successSchema('completion').allOf[0]),
    '',
    ...Object.entries(COMMAND_SCHEMAS).flatMap(([command, { describe, schema }]) => [`## ${command}`, '', describe, '', block(schema), '']),
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) writeFileSync(target, await render());
