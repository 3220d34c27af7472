import { describe, expect, it } from 'vitest';
import { checkWasm } from '../index.js';
import { judgeWasm, readBuiltWasmFacts, readWasmFacts } from './wasm-check.js';
import { readFactsFromSections } from './sections.js';
import { PROXY_EXPORTS, wasmModule } from './__fixtures__/wasm-builder.js';

const codes = (list: { code: string }[]) => list.map((f) => f.code);
const healthy = () =>
  wasmModule({
    exports: PROXY_EXPORTS,
    memory: true,
    imports: [
      { module: 'env', name: 'proxy_log' },
      { module: 'wasi_snapshot_preview1', name: 'fd_write' },
    ],
  });

describe('checkWasm on hand-built modules', () => {
  it('accepts a reactor with the proxy-wasm exports and reports its ABI, imports and size', () => {
    const bytes = healthy();
    const result = checkWasm(bytes, 'plugin.wasm');
    expect(result).toMatchObject({ ok: true, kind: 'reactor', abiVersions: ['0.2.100'], errors: [], warnings: [], size: bytes.byteLength });
    expect(result.imports).toEqual([
      { module: 'env', name: 'proxy_log', kind: 'function' },
      { module: 'wasi_snapshot_preview1', name: 'fd_write', kind: 'function' },
    ]);
    expect(result.exports).toContainEqual({ name: 'memory', kind: 'memory' });
  });

  it.each([
    ['empty', new Uint8Array(), /is empty/],
    ['gzip', new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]), /gzip data: pass plugin.wasm, not plugin.tar.gz/],
    ['HTML', new TextEncoder().encode('<html>404</html>'), /HTML/],
    ['JSON', new TextEncoder().encode('{"schemaVersion":2}'), /JSON/],
    ['a component', new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0d, 0, 0x01, 0]), /component/],
    ['a short header', new Uint8Array([0, 0x61, 0x73, 0x6d, 1]), /truncated/],
  ])('rejects %s with WASM_INVALID', (_label, bytes, message) => {
    const result = checkWasm(bytes, 'x.wasm');
    expect(result.ok).toBe(false);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.code).toBe('WASM_INVALID');
    expect(result.errors[0]!.message).toMatch(message);
  });

  it('rejects a truncated module with the engine message', () => {
    const bytes = healthy();
    const result = checkWasm(bytes.subarray(0, bytes.length - 5), 'cut.wasm');
    expect(codes(result.errors)).toEqual(['WASM_INVALID']);
    expect(result.errors[0]!.message).toMatch(/cut\.wasm is not a valid WebAssembly module .*perhaps truncated.*: .+/);
  });

  it('rejects a Go command module (_start, no _initialize) and explains restricted_callback', () => {
    const exports = PROXY_EXPORTS.map((e) => (e === '_initialize' ? '_start' : e));
    const result = checkWasm(wasmModule({ exports, memory: true, customSections: ['go:buildid'] }), 'main.wasm');
    expect(result.kind).toBe('command');
    expect(codes(result.errors)).toEqual(['WASM_NOT_REACTOR']);
    expect(result.errors[0]!.message).toMatch(/-buildmode=c-shared.*restricted_callback.*higress#3268/s);
  });

  it('only warns for a command module from another compiler (TinyGo _start returns after main)', () => {
    const exports = PROXY_EXPORTS.map((e) => (e === '_initialize' ? '_start' : e));
    const result = checkWasm(wasmModule({ exports, memory: true }));
    expect(result.ok).toBe(true);
    expect(codes(result.warnings)).toEqual(['WASM_COMMAND_MODULE']);
  });

  it('names every missing piece of the proxy-wasm ABI', () => {
    const result = checkWasm(wasmModule({ exports: ['_initialize', 'proxy_abi_version_0_1_0', 'proxy_on_vm_start'] }));
    expect(codes(result.errors)).toEqual(['WASM_NOT_PROXY_WASM']);
    const message = result.errors[0]!.message;
    for (const missing of [
      'proxy_abi_version_0_2_*',
      'it only has proxy_abi_version_0_1_0',
      'proxy_on_memory_allocate (or malloc)',
      'memory',
      'proxy_on_context_create',
      'proxy_on_configure',
      'proxy_on_done',
      'proxy_on_delete',
    ]) {
      expect(message).toContain(missing);
    }
    expect(message).not.toContain('proxy_on_vm_start,');
  });

  it('accepts malloc in place of proxy_on_memory_allocate', () => {
    const exports = PROXY_EXPORTS.map((e) => (e === 'proxy_on_memory_allocate' ? 'malloc' : e));
    expect(checkWasm(wasmModule({ exports, memory: true })).ok).toBe(true);
  });

  it('rejects imports from other modules and non-proxy env imports, naming each', () => {
    const result = checkWasm(
      wasmModule({
        exports: PROXY_EXPORTS,
        memory: true,
        imports: [
          { module: 'gojs', name: 'runtime.wasmExit' },
          { module: 'env', name: 'abort' },
          { module: 'env', name: 'memory', kind: 'memory' },
          { module: 'env', name: 'proxy_log' },
        ],
      }),
    );
    expect(codes(result.errors)).toEqual(['WASM_FOREIGN_IMPORT']);
    expect(result.errors[0]!.message).toContain('gojs.runtime.wasmExit, env.abort, env.memory (memory)');
    expect(result.errors[0]!.message).not.toContain('env.proxy_log');
  });

  it('warns, naming each function, for Higress-only host functions, unknown ones and sched_yield', () => {
    const result = checkWasm(
      wasmModule({
        exports: PROXY_EXPORTS,
        memory: true,
        imports: [
          { module: 'env', name: 'proxy_inject_encoded_data_to_filter_chain' },
          { module: 'env', name: 'proxy_redis_call' },
          { module: 'env', name: 'proxy_made_up' },
          { module: 'wasi_snapshot_preview1', name: 'sched_yield' },
        ],
      }),
    );
    expect(result.ok).toBe(true);
    expect(codes(result.warnings)).toEqual([
      'WASM_HIGRESS_ONLY_HOST_FUNCTION',
      'WASM_UNKNOWN_HOST_FUNCTION',
      'WASM_WASI_NOT_ON_OLD_GATEWAYS',
    ]);
    expect(result.warnings[0]!.message).toMatch(/proxy_inject_encoded_data_to_filter_chain, proxy_redis_call.*plain Envoy.*wasm-go#31/);
    expect(result.warnings[1]!.message).toContain('proxy_made_up');
    expect(result.warnings[2]!.message).toMatch(/sched_yield.*docs#448/);
  });

  it('lists duplicated imports once (Go links some WASI functions twice)', () => {
    const result = checkWasm(
      wasmModule({
        exports: PROXY_EXPORTS,
        memory: true,
        imports: [
          { module: 'wasi_snapshot_preview1', name: 'fd_write' },
          { module: 'wasi_snapshot_preview1', name: 'fd_write' },
        ],
      }),
    );
    expect(result.imports).toHaveLength(1);
  });

  it('rejects a module with neither _initialize nor _start', () => {
    const result = checkWasm(wasmModule({ exports: PROXY_EXPORTS.filter((e) => e !== '_initialize'), memory: true }));
    expect(result.kind).toBe('unknown');
    expect(codes(result.errors)).toEqual(['WASM_NOT_REACTOR']);
  });
});

describe('readWasmFacts + judgeWasm (what the build cache keeps)', () => {
  it('gives the same result as checkWasm, also after a JSON round trip', () => {
    const bytes = healthy();
    const facts = readWasmFacts(bytes, 'plugin.wasm');
    if ('ok' in facts) throw new Error('expected facts');
    expect(facts).toMatchObject({ builtByGo: false, size: bytes.byteLength });
    expect(judgeWasm(JSON.parse(JSON.stringify(facts)), 'plugin.wasm')).toEqual(checkWasm(bytes, 'plugin.wasm'));
  });

  it('returns the failed result when the engine rejects the module', () => {
    const read = readWasmFacts(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 99]), 'x.wasm');
    expect(read).toMatchObject({ ok: false, errors: [{ code: 'WASM_INVALID' }] });
  });
});

describe('readFactsFromSections (a fresh build, without the engine)', () => {
  const modules = {
    'a healthy reactor': healthy(),
    'a Go-built command with an imported memory and a duplicate import': wasmModule({
      exports: PROXY_EXPORTS.map((e) => (e === '_initialize' ? '_start' : e)),
      imports: [
        { module: 'wasi_snapshot_preview1', name: 'fd_write' },
        { module: 'env', name: 'memory', kind: 'memory' },
        { module: 'wasi_snapshot_preview1', name: 'fd_write' },
      ],
      memory: true,
      customSections: ['producers', 'go:buildid'],
    }),
    'an empty module': wasmModule({}),
  };

  it.each(Object.entries(modules))('reads the same facts as the engine from %s', (_label, bytes) => {
    const engine = readWasmFacts(bytes, 'plugin.wasm');
    if ('ok' in engine) throw new Error('the engine rejected a fixture');
    expect(readFactsFromSections(bytes)).toEqual(engine);
  });

  it('gives up on a module whose last section is cut, and readBuiltWasmFacts then has the engine say why', async () => {
    const bytes = healthy();
    const cut = bytes.subarray(0, bytes.length - 3);
    expect(readFactsFromSections(cut)).toBeUndefined();
    expect(await readBuiltWasmFacts(cut, 'cut.wasm')).toMatchObject({
      ok: false,
      errors: [{ code: 'WASM_INVALID', message: expect.stringMatching(/cut\.wasm is not a valid WebAssembly module/) }],
    });
  });

  it('gives up on an unknown section id and on an export section longer than its entries', () => {
    const bytes = healthy();
    expect(readFactsFromSections(new Uint8Array([...bytes, 0x2a, 0x00]))).toBeUndefined();
    // An export section (id 7) that says 3 bytes but holds one empty vector (1 byte) and two stray bytes.
    expect(readFactsFromSections(new Uint8Array([...bytes.subarray(0, 8), 0x07, 0x03, 0x00, 0x00, 0x00]))).toBeUndefined();
  });

  it('keeps header problems in readBuiltWasmFacts', async () => {
    expect(await readBuiltWasmFacts(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]), 'x.wasm')).toMatchObject({
      ok: false,
      errors: [{ code: 'WASM_INVALID', message: expect.stringMatching(/gzip/) }],
    });
  });
});
