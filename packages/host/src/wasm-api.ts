/**
 * The few WebAssembly JS API members the host uses, typed locally. @types/node 20 does not declare
 * the WebAssembly global (it lives in lib.dom), and pulling DOM types into a Node package would
 * leak them to every consumer of our .d.ts files.
 */
export interface WasmModule {
  readonly __wasmModule: unique symbol;
}

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

export type WasmImports = Record<string, Record<string, unknown>>;

interface WasmApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  Module: { exports(module: WasmModule): Array<{ name: string; kind: string }> };
  Instance: new (module: WasmModule, imports: WasmImports) => WasmInstance;
}

// The global, declared for this module only (the emitted JS reads Node's WebAssembly global).
declare const WebAssembly: WasmApi;

export const WebAssemblyApi: WasmApi = WebAssembly;
