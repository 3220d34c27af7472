/**
 * Loading and checking a plugin module once, so many hosts (one per test case) can share the
 * compiled code: compiling a 6 MB Go module is most of the cost of a host.
 */
import { readFile } from 'node:fs/promises';
import { HpluginError, UsageError } from '@hplugin/core';
import { notReactorError } from './errors.js';
import { WebAssemblyApi, type WasmModule } from './wasm-api.js';
import { readFunctionImports, type FunctionImport } from './wasm-imports.js';

export interface CompiledPlugin {
  readonly kind: 'hplugin.compiled-plugin';
  module: WasmModule;
  imports: FunctionImport[];
  exports: string[];
  /** A path or "<bytes>", for messages. */
  source: string;
}

export type WasmSource = Uint8Array | string | CompiledPlugin;

function isCompiled(value: WasmSource): value is CompiledPlugin {
  return typeof value === 'object' && (value as CompiledPlugin).kind === 'hplugin.compiled-plugin';
}

async function readWasm(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (cause) {
    throw new UsageError('HOST_WASM_NOT_FOUND', `Cannot read the plugin module ${path}: ${(cause as Error).message}.`, {
      hint: 'Build the plugin first (hplugin build), or pass the path of a .wasm file.',
      cause,
    });
  }
}

export async function compilePlugin(wasm: WasmSource): Promise<CompiledPlugin> {
  if (isCompiled(wasm)) return wasm;
  const source = typeof wasm === 'string' ? wasm : '<wasm bytes>';
  const bytes = typeof wasm === 'string' ? await readWasm(wasm) : wasm;
  let module: WasmModule;
  let imports: FunctionImport[];
  try {
    module = await WebAssemblyApi.compile(bytes);
    imports = readFunctionImports(bytes);
  } catch (cause) {
    throw new UsageError('HOST_WASM_INVALID', `${source} is not a valid WebAssembly module: ${(cause as Error).message}.`, {
      hint: 'Point at the .wasm the build produced (GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared).',
      cause,
    });
  }
  const exports = WebAssemblyApi.Module.exports(module).map((e) => e.name);
  if (exports.includes('_start') && !exports.includes('_initialize')) throw notReactorError(source);
  if (!exports.some((name) => name.startsWith('proxy_abi_version_')) || !exports.includes('proxy_on_memory_allocate')) {
    throw new HpluginError(
      'HOST_NOT_PROXY_WASM',
      `${source} is not a proxy-wasm plugin: it exports no proxy_abi_version_* marker or no proxy_on_memory_allocate.`,
      {
        hint: 'Build it with a proxy-wasm SDK (github.com/higress-group/wasm-go for Go).',
      },
    );
  }
  return { kind: 'hplugin.compiled-plugin', module, imports, exports, source };
}
