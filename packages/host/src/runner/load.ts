/** Reading hplugin.test.yaml: YAML (a superset of JSON) → schema check → a typed TestFile. */
import { readFile } from 'node:fs/promises';
import { UsageError } from '@hplugin/core';
import { parse } from 'yaml';
// Generated at build time from schema.ts (validator-source.ts): no TypeBox, no schema compile here.
import validator from '../../schema/validate-test-file.mjs';
import type { TestFile } from './schema.js';

export function validateTestFile(value: unknown, source = 'the test file'): TestFile {
  if (validator(value)) return value as TestFile;
  const problems = (validator.errors ?? [])
    .slice(0, 10)
    .map((e) => {
      const extra = e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : '';
      return `  ${e.instancePath || '/'}: ${e.message ?? 'is invalid'}${extra}`;
    })
    .join('\n');
  throw new UsageError('HOST_TEST_FILE_INVALID', `${source} does not match the hplugin.test.yaml schema:\n${problems}`, {
    hint: 'Fix the keys listed above; the schema is documented in the hplugin README and exported as testFileJsonSchema.',
  });
}

export function parseTestFile(text: string, source = 'the test file'): TestFile {
  let value: unknown;
  try {
    value = parse(text);
  } catch (cause) {
    throw new UsageError('HOST_TEST_FILE_INVALID', `${source} is not valid YAML: ${(cause as Error).message}`, {
      hint: 'Fix the YAML syntax at the line shown.',
      cause,
    });
  }
  return validateTestFile(value, source);
}

export async function loadTestFile(path: string): Promise<TestFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new UsageError('HOST_TEST_FILE_INVALID', `Cannot read ${path}: ${(cause as Error).message}.`, {
      hint: 'Create hplugin.test.yaml next to the plugin, or pass its path.',
      cause,
    });
  }
  return parseTestFile(text, path);
}
