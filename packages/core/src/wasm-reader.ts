/**
 * A cursor over a WebAssembly binary: bytes, unsigned LEB128 and raw slices. The JS API exposes
 * neither import signatures nor data segments, so the host (imports) and the supply chain (the Go
 * build info in the data section) read the binary themselves, both with this.
 */
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
}
