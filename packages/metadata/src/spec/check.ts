/**
 * `hplugin spec --check`: is the committed spec.yaml what the source generates now?
 * The comparison is semantic (parsed YAML, deep equality): comments, quoting, key order and
 * indentation may differ, so a hand-formatted file that says the same thing is up to date. Array
 * order matters (required lists, examples). The diff lists each differing path.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '@hplugin/core';
import { SPEC_FILE_INVALID } from '../errors.js';
import { joinPath } from '../json-path.js';
import { generateSpec, type GenerateSpecOptions, type GenerateSpecResult } from './generate.js';

export interface SpecDifference {
  path: string;
  /** Absent when the generated spec adds the path. */
  committed?: unknown;
  /** Absent when the generated spec drops the path. */
  generated?: unknown;
}

export interface CheckSpecOptions extends GenerateSpecOptions {
  /** The committed file, relative to pluginDir. Default spec.yaml. */
  specFile?: string;
}

export interface CheckSpecResult {
  upToDate: boolean;
  exists: boolean;
  specPath: string;
  diff: SpecDifference[];
  generated: GenerateSpecResult;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function diffValues(committed: unknown, generated: unknown, path = ''): SpecDifference[] {
  if (isObject(committed) && isObject(generated)) {
    const keys = [...new Set([...Object.keys(generated), ...Object.keys(committed)])];
    return keys.flatMap((k) =>
      !(k in committed)
        ? [{ path: joinPath(path, k), generated: generated[k] }]
        : !(k in generated)
          ? [{ path: joinPath(path, k), committed: committed[k] }]
          : diffValues(committed[k], generated[k], joinPath(path, k)),
    );
  }
  if (Array.isArray(committed) && Array.isArray(generated)) {
    const out: SpecDifference[] = [];
    for (let i = 0; i < Math.max(committed.length, generated.length); i++) {
      if (i >= committed.length) out.push({ path: joinPath(path, i), generated: generated[i] });
      else if (i >= generated.length) out.push({ path: joinPath(path, i), committed: committed[i] });
      else out.push(...diffValues(committed[i], generated[i], joinPath(path, i)));
    }
    return out;
  }
  return Object.is(committed, generated) ? [] : [{ path: path || '(root)', committed, generated }];
}

export async function checkSpec(options: CheckSpecOptions): Promise<CheckSpecResult> {
  const specPath = resolve(options.pluginDir, options.specFile ?? 'spec.yaml');
  const generated = await generateSpec(options);
  const text = await readFile(specPath, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (text === undefined) {
    return { upToDate: false, exists: false, specPath, diff: [{ path: '(root)', generated: generated.spec }], generated };
  }
  let committed: unknown;
  try {
    committed = parseYaml(text);
  } catch (err) {
    throw new UsageError(SPEC_FILE_INVALID, `${specPath} is not valid YAML: ${(err as Error).message.split('\n')[0]}`, {
      hint: 'Regenerate it with `hplugin spec`.',
      cause: err,
    });
  }
  const diff = diffValues(committed, generated.spec);
  return { upToDate: diff.length === 0, exists: true, specPath, diff, generated };
}
