/**
 * The two encodings every hand-written WebAssembly test module needs: unsigned LEB128 and a
 * length-prefixed UTF-8 name. Shared by the test module builders of the build and artifact packages.
 */
export function leb128(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

export function wasmName(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)];
  return [...leb128(bytes.length), ...bytes];
}
