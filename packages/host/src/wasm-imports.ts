/**
 * Function imports with their result types, read from the binary. The JS API's
 * WebAssembly.Module.imports() gives names but no signatures on Node 20, and a stub must know
 * whether to return nothing, an i32 status or a BigInt.
 */
import { WasmByteReader } from '@hplugin/core';

export type ValueType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'ref';

export interface FunctionImport {
  module: string;
  name: string;
  params: ValueType[];
  results: ValueType[];
}

const VALUE_TYPES: Record<number, ValueType> = {
  0x7f: 'i32',
  0x7e: 'i64',
  0x7d: 'f32',
  0x7c: 'f64',
  0x7b: 'v128',
  0x70: 'ref',
  0x6f: 'ref',
};

class Reader extends WasmByteReader {
  valueTypes(): ValueType[] {
    return Array.from({ length: this.u32() }, () => VALUE_TYPES[this.byte()] ?? 'ref');
  }
}

export function readFunctionImports(bytes: Uint8Array): FunctionImport[] {
  const r = new Reader(bytes, 8); // magic + version
  const types: Array<{ params: ValueType[]; results: ValueType[] }> = [];
  const imports: FunctionImport[] = [];
  while (r.pos < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const end = r.pos + size;
    if (id === 1) {
      for (let n = r.u32(); n > 0; n--) {
        if (r.byte() !== 0x60) throw new Error('unsupported type form in the type section');
        types.push({ params: r.valueTypes(), results: r.valueTypes() });
      }
    } else if (id === 2) {
      for (let n = r.u32(); n > 0; n--) {
        const entry = r.importEntry();
        if (entry.typeIndex !== undefined) {
          imports.push({ module: entry.module, name: entry.name, ...(types[entry.typeIndex] ?? { params: [], results: [] }) });
        }
      }
      return imports; // the import section is all we need, and it comes early
    }
    r.pos = end;
  }
  return imports;
}
