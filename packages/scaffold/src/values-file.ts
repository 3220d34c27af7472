/** A values file (--values-file): a flat YAML or JSON mapping of parameter → value. */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '@hplugin/core';

export async function readValuesFile(file: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError('SCAFFOLD_VALUES_FILE_UNREADABLE', `Cannot read the values file ${file}: ${(err as Error).message}.`, {
      hint: 'Check the path given to --values-file.',
      cause: err,
      details: { file },
    });
  }
  let data: unknown;
  try {
    // YAML is a superset of JSON, so one parser reads both.
    data = parseYaml(text);
  } catch (err) {
    throw new UsageError(
      'SCAFFOLD_VALUES_FILE_INVALID',
      `The values file ${file} is not YAML or JSON: ${(err as Error).message.split('\n')[0]}.`,
      {
        hint: 'Write one `parameter: value` per line, e.g. `category: auth`.',
        cause: err,
        details: { file },
      },
    );
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new UsageError('SCAFFOLD_VALUES_FILE_INVALID', `The values file ${file} must be a mapping of parameter names to values.`, {
      hint: 'Write one `parameter: value` per line, e.g. `category: auth`.',
      details: { file },
    });
  }
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new UsageError(
        'SCAFFOLD_VALUES_FILE_INVALID',
        `The values file ${file} gives "${key}" a ${Array.isArray(value) ? 'list' : typeof value === 'object' && value ? 'mapping' : 'null'}; parameters are single values.`,
        {
          hint: `Write \`${key}: <value>\` on one line.`,
          details: { file, parameter: key },
        },
      );
    }
    values[key] = String(value);
  }
  return values;
}
