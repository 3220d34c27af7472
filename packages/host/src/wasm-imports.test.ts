import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { readFunctionImports } from './wasm-imports.js';
import { buildFixture } from './test-support/build-fixture.js';

describe('readFunctionImports', () => {
  it('reads names and signatures of a real Go module, including an import no host offers', async () => {
    const imports = readFunctionImports(await readFile(await buildFixture('kitchen')));
    expect(imports.find((i) => i.name === 'proxy_something_unknown')).toEqual({
      module: 'env',
      name: 'proxy_something_unknown',
      params: ['i32'],
      results: ['i32'],
    });
    expect(imports.find((i) => i.name === 'clock_time_get')).toEqual({
      module: 'wasi_snapshot_preview1',
      name: 'clock_time_get',
      params: ['i32', 'i64', 'i32'],
      results: ['i32'],
    });
    expect(imports.filter((i) => i.module === 'env').map((i) => i.name)).toContain('proxy_http_call');
  });
});
