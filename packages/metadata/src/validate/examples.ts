/**
 * Every `example` in spec.yaml's schemas (the config example, route config examples, and examples
 * on single properties) must validate against the schema it sits in: the console shows them as
 * templates, and a wrong one is copied into real configs.
 *
 * ajv runs with strict: false so the OpenAPI-only and console keywords (example, scope, x-scope,
 * x-title-i18n, x-description-i18n, nullable) are read as annotations, not rejected as unknown;
 * formats (date-time, byte) are not checked.
 */
import { createRequire } from 'node:module';
import type { Ajv as AjvClass, ErrorObject } from 'ajv';
import { UsageError } from '@hplugin/core';
import { SPEC_EXAMPLE_INVALID } from '../errors.js';
import { joinPath, pointerToPath } from '../json-path.js';

export interface ExampleProblem {
  /** Where the failing value is, e.g. spec.configSchema.openAPIV3Schema.example.consumers[0].name */
  path: string;
  message: string;
  /** The schema keyword that failed, e.g. spec.configSchema.openAPIV3Schema.properties.consumers… */
  schemaPath: string;
}

export interface ExampleValidation {
  valid: boolean;
  problems: ExampleProblem[];
  /** Paths of every example that was checked. */
  checked: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function describe(err: ErrorObject): string {
  if (err.keyword === 'additionalProperties')
    return `has property "${String(err.params.additionalProperty)}", which the schema does not allow`;
  if (err.keyword === 'enum') return `must be one of ${JSON.stringify(err.params.allowedValues)}`;
  return err.message ?? err.keyword;
}

/** Calls visit(schema, path) for the schema and every sub-schema reachable by properties/items/additionalProperties. */
function walkSchemas(schema: unknown, path: string, visit: (s: Record<string, unknown>, p: string) => void): void {
  if (!isObject(schema)) return;
  visit(schema, path);
  if (isObject(schema.properties)) {
    for (const [k, v] of Object.entries(schema.properties)) walkSchemas(v, joinPath(joinPath(path, 'properties'), k), visit);
  }
  if (isObject(schema.items)) walkSchemas(schema.items, joinPath(path, 'items'), visit);
  if (isObject(schema.additionalProperties)) walkSchemas(schema.additionalProperties, joinPath(path, 'additionalProperties'), visit);
}

/**
 * ajv (~40 ms to load) is required on the first check: this module is part of the metadata package's
 * entry, which a publish loads for the WasmPlugin it prints, and that never checks examples.
 */
let ajvClass: typeof AjvClass | undefined;
function loadAjv(): typeof AjvClass {
  ajvClass ??= (createRequire(import.meta.url)('ajv') as typeof import('ajv')).Ajv;
  return ajvClass;
}

/** With `remove`, an example that does not match is deleted from its schema (the lenient package mode). */
export function validateSpecExamples(spec: unknown, options: { remove?: boolean } = {}): ExampleValidation {
  const Ajv = loadAjv();
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const problems: ExampleProblem[] = [];
  const checked: string[] = [];
  const inner = isObject(spec) && isObject(spec.spec) ? spec.spec : {};
  for (const key of ['configSchema', 'routeConfigSchema']) {
    const holder = inner[key];
    if (!isObject(holder)) continue;
    walkSchemas(holder.openAPIV3Schema, `spec.${key}.openAPIV3Schema`, (schema, path) => {
      if (!('example' in schema)) return;
      const examplePath = joinPath(path, 'example');
      checked.push(examplePath);
      const { example, ...rest } = schema;
      let validate;
      try {
        validate = ajv.compile(rest);
      } catch (err) {
        problems.push({ path: examplePath, schemaPath: path, message: `the schema itself is invalid: ${(err as Error).message}` });
        return;
      }
      if (validate(example)) return;
      if (options.remove) delete schema.example;
      for (const err of validate.errors ?? []) {
        problems.push({
          path: pointerToPath(examplePath, err.instancePath),
          message: describe(err),
          schemaPath: pointerToPath(path, err.schemaPath.replace(/^#/, '')),
        });
      }
    });
  }
  return { valid: problems.length === 0, problems, checked };
}

/** Throws SPEC_EXAMPLE_INVALID listing every problem; `where` names the example's source for the hint. */
export function assertSpecExamples(spec: unknown, where?: string): void {
  const { problems } = validateSpecExamples(spec);
  if (problems.length === 0) return;
  const lines = problems.map((p) => `  ${p.path}: ${p.message}`);
  throw new UsageError(SPEC_EXAMPLE_INVALID, `The spec.yaml example does not match its schema:\n${lines.join('\n')}`, {
    hint: `Fix the @Example${where ? ` at ${where}` : ''} or the field types and tags it disagrees with.`,
    details: { problems },
  });
}
