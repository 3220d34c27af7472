/**
 * The JS engine's WebAssembly API, typed locally. @types/node does not declare the WebAssembly
 * global (it lives in lib.dom), and a global declaration here could clash with other packages
 * in one program; a declaration scoped to this module avoids both.
 */
export interface ModuleDescriptor {
  module: string;
  name: string;
  kind: string;
}

export interface WasmEngine {
  /** Validates and compiles on V8's background threads: the main thread stays free meanwhile. */
  compile(bytes: Uint8Array): Promise<object>;
  Module: {
    new (bytes: Uint8Array): object;
    exports(module: object): { name: string; kind: string }[];
    imports(module: object): ModuleDescriptor[];
    customSections(module: object, name: string): ArrayBuffer[];
  };
}

// The global, declared for this module only (the emitted JS reads Node's WebAssembly global).
declare const WebAssembly: WasmEngine;

export const wasmEngine: WasmEngine = WebAssembly;
