/**
 * A cursor over a WebAssembly binary: bytes, unsigned LEB128, names, import entries and raw
 * slices. The JS API exposes neither import signatures nor data segments, so the host (imports)
 * and the supply chain (the Go build info in the data section) read the binary themselves, and the
 * build reads a fresh module's imports and exports from its section headers, all with this.
 */

/** One entry of the import section. typeIndex: the function's type, for a function import (kind 0). */
export interface WasmImportEntry {
  module: string;
  name: string;
  kind: number;
  typeIndex?: number;
}

const UTF8 = new TextDecoder();

export class WasmByteReader {
  constructor(
    readonly bytes: Uint8Array,
    public pos = 0,
  ) {}

  byte(): number {
    const b = this.bytes[this.pos++];
    if (b === undefined) throw new RangeError('unexpected end of the wasm binary');
    return b;
  }

  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 35) throw new RangeError('LEB128 longer than a u32');
    }
  }

  /** Skips a signed LEB128 whose value does not matter (e.g. a data segment's offset constant). */
  skipLeb(): void {
    while (this.byte() & 0x80);
  }

  take(n: number): Uint8Array {
    if (this.pos + n > this.bytes.length) throw new RangeError('unexpected end of the wasm binary');
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** A name: its UTF-8 length, then its bytes. */
  name(): string {
    return UTF8.decode(this.take(this.u32()));
  }

  /** Table or memory limits (flags, minimum, maximum when flag bit 0 is set); their values are not needed. */
  limits(): void {
    const flags = this.byte();
    this.u32();
    if (flags & 1) this.u32();
  }

  /** One import: module, name, kind (0 function, 1 table, 2 memory, 3 global, 4 tag) and what follows the kind. */
  importEntry(): WasmImportEntry {
    const module = this.name();
    const name = this.name();
    const kind = this.byte();
    if (kind === 0) return { module, name, kind, typeIndex: this.u32() };
    if (kind === 1) {
      this.byte(); // reference type
      this.limits();
    } else if (kind === 2) {
      this.limits();
    } else if (kind === 3) {
      this.byte(); // value type
      this.byte(); // mutability
    } else if (kind === 4) {
      this.byte(); // tag attribute
      this.u32();
    } else {
      throw new RangeError(`unknown import kind ${kind}`);
    }
    return { module, name, kind };
  }
}
