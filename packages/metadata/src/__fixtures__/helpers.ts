/** Test helpers (excluded from the build). */
import { mkdtemp, mkdir, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { isHpluginError, type HpluginError } from '@hplugin/core';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
export const fixture = (name: string): string => join(FIXTURES, name);

/** One generator build shared by the test files (it is keyed by source hash and Go version). */
export const TEST_CACHE_DIR = join(tmpdir(), 'hplugin-metadata-test-specgen');

export async function tempDir(prefix = 'hplugin-metadata-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function writeTree(root: string, files: Record<string, string>): Promise<string> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}

export async function copyFixture(name: string): Promise<string> {
  const dir = await tempDir();
  await cp(fixture(name), dir, { recursive: true });
  return dir;
}

export async function expectError(promise: Promise<unknown> | (() => unknown), code: string): Promise<HpluginError> {
  let caught: unknown;
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (err) {
    caught = err;
  }
  expect(isHpluginError(caught), `expected an HpluginError ${code}, got ${String(caught)}`).toBe(true);
  expect((caught as HpluginError).code).toBe(code);
  return caught as HpluginError;
}

/**
 * The value at a key path in a generated schema (or any parsed JSON), for assertions:
 * `at(schema, 'properties', 'consumers', 'items')`. A missing step fails with the path it reached,
 * where a chain of property reads would fail with "cannot read properties of undefined".
 */
export function at(value: unknown, ...path: string[]): unknown {
  let node = value;
  for (const [i, key] of path.entries()) {
    if (typeof node !== 'object' || node === null || !(key in node)) {
      throw new Error(`no "${key}" at ${path.slice(0, i).join('.') || 'the top'}: ${JSON.stringify(node)?.slice(0, 200)}`);
    }
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** The keys of an object found with `at`, in order. */
export function keysOf(value: unknown): string[] {
  expect(value).toBeTypeOf('object');
  return Object.keys(value as object);
}
