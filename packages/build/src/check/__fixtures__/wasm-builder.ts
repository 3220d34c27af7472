/**
 * A tiny WebAssembly binary writer for tests: just enough sections (types, imports, functions,
 * memory, exports, code, custom) to produce modules with chosen imports and exports, so every
 * check finding is tested without a compiler.
 */
import { leb128 as leb, wasmName as name } from '../../../../../test/support/wasm-encoding.js';

const vec = (items: number[][]) => [...leb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];

export interface TestModule {
  imports?: { module: string; name: string; kind?: 'function' | 'memory' }[];
  /** Exported functions (each gets an empty body). */
  exports?: string[];
  memory?: boolean;
  customSections?: string[];
}

export function wasmModule(spec: TestModule): Uint8Array {
  const imports = spec.imports ?? [];
  const exports = spec.exports ?? [];
  const funcImports = imports.filter((i) => (i.kind ?? 'function') === 'function').length;
  const bytes = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  bytes.push(...section(1, vec([[0x60, 0x00, 0x00]])));
  if (imports.length) {
    bytes.push(
      ...section(
        2,
        vec(
          imports.map((i) => [
            ...name(i.module),
            ...name(i.name),
            ...((i.kind ?? 'function') === 'function' ? [0x00, 0x00] : [0x02, 0x00, 0x01]),
          ]),
        ),
      ),
    );
  }
  if (exports.length) bytes.push(...section(3, vec(exports.map(() => [0x00]))));
  // An imported memory is memory 0 already; a second one would need multi-memory.
  if (spec.memory && !imports.some((i) => i.kind === 'memory')) bytes.push(...section(5, vec([[0x00, 0x01]])));
  const exportEntries = exports.map((e, i) => [...name(e), 0x00, ...leb(funcImports + i)]);
  if (spec.memory) exportEntries.push([...name('memory'), 0x02, 0x00]);
  if (exportEntries.length) bytes.push(...section(7, vec(exportEntries)));
  if (exports.length) bytes.push(...section(10, vec(exports.map(() => [0x02, 0x00, 0x0b]))));
  for (const custom of spec.customSections ?? []) bytes.push(...section(0, [...name(custom), 0x01]));
  return new Uint8Array(bytes);
}

/** The exports a healthy Go SDK plugin has (a subset of the real list). */
export const PROXY_EXPORTS = [
  '_initialize',
  'proxy_abi_version_0_2_100',
  'proxy_on_memory_allocate',
  'proxy_on_context_create',
  'proxy_on_vm_start',
  'proxy_on_configure',
  'proxy_on_done',
  'proxy_on_delete',
  'proxy_on_log',
  'proxy_on_request_headers',
  'proxy_on_response_headers',
];
