/** Hand-encoded modules for the `hplugin check` cases (no toolchain needed). */
const str = (s: string) => Buffer.concat([Buffer.from([s.length]), Buffer.from(s)]);
const section = (id: number, payload: Buffer) => Buffer.concat([Buffer.from([id, payload.length]), payload]);

/** A WASI command module: it exports `_start` (a program to run once), not the proxy-wasm entry points. */
export function commandModule(): Buffer {
  return Buffer.concat([
    Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]),
    section(1, Buffer.from([0x01, 0x60, 0x00, 0x00])), // one type: () -> ()
    section(3, Buffer.from([0x01, 0x00])), // one function of that type
    section(5, Buffer.from([0x01, 0x00, 0x01])), // one memory, min 1 page
    section(7, Buffer.concat([Buffer.from([0x02]), str('_start'), Buffer.from([0x00, 0x00]), str('memory'), Buffer.from([0x02, 0x00])])),
    section(10, Buffer.from([0x01, 0x02, 0x00, 0x0b])), // body: no locals, end
  ]);
}
