import { describe, expect, it } from 'vitest';
import { leb128 } from '../../../test/support/wasm-encoding.js';
import { parseModInfo, readWasmBuildInfo, wasmDataSegments } from './buildinfo.js';

const INFO_START = Buffer.from('3077af0c9274080241e1c107e6d618e6', 'hex');
const INFO_END = Buffer.from('f932433186182072008242104116d8f2', 'hex');

const MODINFO = [
  'path\texample.com/plugins/demo',
  'mod\texample.com/plugins/demo\t(devel)\t',
  'dep\tgithub.com/higress-group/wasm-go\tv1.0.1\th1:T1m++qTEANp8+jwE0sxltwtaTKmrHCkLOp1m9N+YeqY=',
  'dep\tgithub.com/tidwall/gjson\tv1.18.0\th1:FIDeeyB800efLX89e5a8Y0BNH+LOngJyGrIWxG2FKQY=',
  'dep\tgithub.com/old/lib\tv1.0.0',
  '=>\tgithub.com/fork/lib\tv1.0.1\th1:abc=',
  'build\t-buildmode=c-shared',
  'build\tGOOS=wasip1',
  'build\tDefaultGODEBUG=a=1,b=0',
  '',
].join('\n');

/** A module with a data section of the given segments (flags 0: active, i32.const offset). */
function moduleWithData(segments: Buffer[], options: { passive?: boolean } = {}): Buffer {
  const body: number[] = [...leb128(segments.length)];
  segments.forEach((seg, i) => {
    if (options.passive) body.push(1);
    else body.push(0, 0x41, ...leb128(1024 * (i + 1)), 0x0b);
    body.push(...leb128(seg.length), ...seg);
  });
  // A custom section first, to check that other sections are skipped by their size.
  const custom = [0, ...leb128(5), 4, ...Buffer.from('name')];
  return Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...custom, 11, ...leb128(body.length), ...body]);
}

const framed = Buffer.concat([Buffer.from([0, 1, 2]), INFO_START, Buffer.from(MODINFO), INFO_END, Buffer.from([9])]);

describe('reading Go build info from a wasm module', () => {
  it('finds runtime.modinfo between its sentinels and the Go version in the data segments', () => {
    const wasm = moduleWithData([Buffer.from('\x00\x00go1.26.8\x00runtime'), framed]);
    const info = readWasmBuildInfo(wasm);
    expect(info.goVersion).toBe('go1.26.8');
    expect(info.path).toBe('example.com/plugins/demo');
    expect(info.main).toEqual({ path: 'example.com/plugins/demo', version: '(devel)' });
    expect(info.deps[0]).toEqual({
      path: 'github.com/higress-group/wasm-go',
      version: 'v1.0.1',
      sum: 'h1:T1m++qTEANp8+jwE0sxltwtaTKmrHCkLOp1m9N+YeqY=',
    });
    expect(info.deps[2]).toEqual({
      path: 'github.com/old/lib',
      version: 'v1.0.0',
      replace: { path: 'github.com/fork/lib', version: 'v1.0.1', sum: 'h1:abc=' },
    });
    expect(info.settings).toEqual([
      { key: '-buildmode', value: 'c-shared' },
      { key: 'GOOS', value: 'wasip1' },
      { key: 'DefaultGODEBUG', value: 'a=1,b=0' },
    ]);
  });

  it('reads passive segments too', () => {
    expect(wasmDataSegments(moduleWithData([framed], { passive: true })).map((s) => Buffer.from(s).toString('hex'))).toEqual([
      framed.toString('hex'),
    ]);
  });

  it('says SBOM_NO_BUILD_INFO for a module without module info (e.g. TinyGo), and SBOM_WASM_INVALID for a non-module', () => {
    expect(() => readWasmBuildInfo(moduleWithData([Buffer.from('hello')]), 'plugin.wasm')).toThrow(
      expect.objectContaining({ code: 'SBOM_NO_BUILD_INFO' }),
    );
    expect(() => readWasmBuildInfo(Buffer.from('\x7fELF not wasm'))).toThrow(expect.objectContaining({ code: 'SBOM_WASM_INVALID' }));
    // Truncated in the middle of the data section: an error, never a read past the end.
    const cut = moduleWithData([framed]).subarray(0, 40);
    expect(() => readWasmBuildInfo(cut)).toThrow(expect.objectContaining({ code: 'SBOM_WASM_INVALID' }));
  });

  it('parses the modinfo text alone', () => {
    expect(parseModInfo('path\tx\n').main).toEqual({ path: 'x', version: '(devel)' });
  });
});
