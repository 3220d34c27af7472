/**
 * checkWasm: does this module load on a Higress gateway? Used after every build and by
 * `hplugin check <file>`. Pure (bytes in, findings out); parsing is done by the JS engine itself,
 * so "valid" means what V8 means, which is close to what the gateway's V8/wamr/wasmtime accept.
 */
import { formatBytes } from '@hplugin/core';
import { abiVersions, checkProxyAbi, checkReactor, moduleKind } from './abi.js';
import { checkHeader } from './header.js';
import { MAX_MODULE_BYTES } from './host-functions.js';
import { checkImports } from './imports.js';
import type { ErrorFinding, Finding, WasmCheckResult, WasmExport, WasmImport } from './types.js';
import { wasmEngine, type ModuleDescriptor } from './engine.js';
import { readFactsFromSections } from './sections.js';

function uniqueImports(list: ModuleDescriptor[]): WasmImport[] {
  const seen = new Map<string, WasmImport>();
  for (const i of list) seen.set(`${i.module}\0${i.name}`, { module: i.module, name: i.name, kind: i.kind });
  return [...seen.values()];
}

function failed(size: number, finding: ErrorFinding): WasmCheckResult {
  return { ok: false, kind: 'unknown', abiVersions: [], exports: [], imports: [], errors: [finding], warnings: [], size };
}

/**
 * What the engine read from a module: all the rules need. The build cache keeps these with each
 * module, so a cache hit applies the current rules without compiling the module again (20 ms for
 * the 6 MB SDK module, a second and hundreds of MB for a 256 MiB one).
 */
export interface WasmFacts {
  exports: WasmExport[];
  imports: WasmImport[];
  builtByGo: boolean;
  size: number;
}

function invalid(size: number, name: string, err: unknown): WasmCheckResult {
  const why = err instanceof Error ? err.message : String(err);
  return failed(size, {
    code: 'WASM_INVALID',
    message: `${name} is not a valid WebAssembly module (${formatBytes(size)}, perhaps truncated): ${why}`,
  });
}

function factsOf(module: object, size: number): WasmFacts {
  return {
    exports: wasmEngine.Module.exports(module).map((e) => ({ name: e.name, kind: e.kind })),
    imports: uniqueImports(wasmEngine.Module.imports(module)),
    builtByGo: wasmEngine.Module.customSections(module, 'go:buildid').length > 0,
    size,
  };
}

/** The header check plus the engine's parse; a module the engine rejects gives a failed result instead. */
export function readWasmFacts(bytes: Uint8Array, fileName?: string): WasmFacts | WasmCheckResult {
  const name = fileName ?? 'the module';
  const headerProblem = checkHeader(bytes, name);
  if (headerProblem) return failed(bytes.byteLength, headerProblem);
  try {
    return factsOf(new wasmEngine.Module(bytes), bytes.byteLength);
  } catch (err) {
    return invalid(bytes.byteLength, name, err);
  }
}

/**
 * The same, with the engine's parse on its background threads (WebAssembly.compile): in a
 * workspace build the main thread meanwhile does the other plugins' bookkeeping (a synchronous
 * parse of a 6 MB module held it for ~17 ms per plugin).
 */
export async function readWasmFactsAsync(bytes: Uint8Array, fileName?: string): Promise<WasmFacts | WasmCheckResult> {
  const name = fileName ?? 'the module';
  const headerProblem = checkHeader(bytes, name);
  if (headerProblem) return failed(bytes.byteLength, headerProblem);
  try {
    return factsOf(await wasmEngine.compile(bytes), bytes.byteLength);
  } catch (err) {
    return invalid(bytes.byteLength, name, err);
  }
}

/**
 * For a module a compiler (go, tinygo, wasm-opt) has just written: the facts from its section
 * headers, without the engine's validation of every function body, which a compiler's own output
 * passes and which took the biggest share of hplugin's own time in a cold build (20-60 ms per
 * module, see BENCHMARKS.md). A module whose sections do not parse goes to the engine, for its
 * message. `hplugin check <file>`, and a cached module stored without facts, keep the engine's parse.
 */
export async function readBuiltWasmFacts(bytes: Uint8Array, fileName?: string): Promise<WasmFacts | WasmCheckResult> {
  const headerProblem = checkHeader(bytes, fileName ?? 'the module');
  if (headerProblem) return failed(bytes.byteLength, headerProblem);
  return readFactsFromSections(bytes) ?? readWasmFactsAsync(bytes, fileName);
}

/** The gateway rules over a module's facts. Pure and cheap. */
export function judgeWasm(facts: WasmFacts, fileName?: string): WasmCheckResult {
  const name = fileName ?? 'the module';
  const { exports, imports, size } = facts;
  const kind = moduleKind(new Set(exports.map((e) => e.name)));

  const errors: ErrorFinding[] = [];
  const warnings: Finding[] = [];
  const reactor = checkReactor(kind, facts.builtByGo, name);
  if (reactor.error) errors.push(reactor.error);
  if (reactor.warning) warnings.push(reactor.warning);
  const abi = checkProxyAbi(exports, name);
  const imp = checkImports(imports, name);
  errors.push(...abi.errors, ...imp.errors);
  warnings.push(...abi.warnings, ...imp.warnings);
  if (size > MAX_MODULE_BYTES) {
    errors.push({
      code: 'WASM_TOO_LARGE',
      message: `${name} is ${formatBytes(size)}; the gateway's image fetcher refuses modules over 256 MiB.`,
    });
  }
  return { ok: errors.length === 0, kind, abiVersions: abiVersions(exports), exports, imports, errors, warnings, size };
}

export function checkWasm(bytes: Uint8Array, fileName?: string): WasmCheckResult {
  const facts = readWasmFacts(bytes, fileName);
  return 'ok' in facts ? facts : judgeWasm(facts, fileName);
}
