/**
 * The facts the gateway rules need (imports, exports, the go:buildid section, the size), read from
 * a module's section headers. Used for a module a compiler has just written: it reads a 6 MB Go
 * module in well under a millisecond, where the engine's compile (WebAssembly.compile, which also
 * validates every function body) took 20-60 ms of every build on this project's 2-core machine.
 * Anything unexpected returns undefined, and the caller asks the engine, whose message then names
 * the problem.
 */
import { WasmByteReader } from '@hplugin/core';
import type { WasmExport, WasmImport } from './types.js';
import type { WasmFacts } from './wasm-check.js';

/** The kind names the JS API gives (WebAssembly.Module.imports/exports), by the binary's kind byte. */
const KIND_NAMES = ['function', 'table', 'memory', 'global', 'tag'] as const;

const SECTION = { custom: 0, import: 2, export: 7 } as const;
/** The highest known section id (13: tags, from the exception-handling proposal). */
const LAST_SECTION_ID = 13;

function kindName(kind: number): string {
  const name = KIND_NAMES[kind];
  if (name === undefined) throw new RangeError(`unknown external kind ${kind}`);
  return name;
}

function readSections(bytes: Uint8Array): WasmFacts {
  const r = new WasmByteReader(bytes, 8); // after the header, which checkHeader has judged
  const imports = new Map<string, WasmImport>();
  const exports: WasmExport[] = [];
  let builtByGo = false;
  while (r.pos < bytes.length) {
    const id = r.byte();
    if (id > LAST_SECTION_ID) throw new RangeError(`unknown section id ${id}`);
    const size = r.u32();
    const end = r.pos + size;
    if (end > bytes.length) throw new RangeError('a section runs past the end of the module');
    if (id === SECTION.custom) {
      if (r.name() === 'go:buildid') builtByGo = true;
    } else if (id === SECTION.import) {
      for (let n = r.u32(); n > 0; n--) {
        const entry = r.importEntry();
        // Duplicates collapse, as uniqueImports does with the engine's list.
        imports.set(`${entry.module}\0${entry.name}`, { module: entry.module, name: entry.name, kind: kindName(entry.kind) });
      }
    } else if (id === SECTION.export) {
      for (let n = r.u32(); n > 0; n--) {
        const name = r.name();
        const kind = kindName(r.byte());
        r.u32(); // index
        exports.push({ name, kind });
      }
    }
    // An import or export section must end where its header says; a mismatch is a damaged module.
    if ((id === SECTION.import || id === SECTION.export) && r.pos !== end) throw new RangeError('section size mismatch');
    r.pos = end;
  }
  return { exports, imports: [...imports.values()], builtByGo, size: bytes.byteLength };
}

/** The facts from the section headers, or undefined when the module's structure is not what it should be. */
export function readFactsFromSections(bytes: Uint8Array): WasmFacts | undefined {
  try {
    return readSections(bytes);
  } catch {
    return undefined;
  }
}
