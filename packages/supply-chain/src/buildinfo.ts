/**
 * The Go build info embedded in a wasm module: what `go version -m` prints for a native binary.
 *
 * `go version -m` (debug/buildinfo) cannot read wasm: it only knows ELF, PE, Mach-O, XCOFF and
 * Plan 9, and looks for the linker's "\xff Go buildinf:" header, which the wasm linker does not
 * write. The module info itself is there all the same: runtime.modinfo is a string in the data
 * section, framed by the 16-byte sentinels cmd/go puts around it (modload's infoStart/infoEnd), and
 * runtime.buildVersion ("go1.26.8") is a plain string next to it. So we walk the module's data
 * segments and find both.
 */
import { HpluginError, WasmByteReader } from '@hplugin/core';

export interface GoModule {
  path: string;
  version: string;
  /** The go.sum-style hash ("h1:…"), when the build recorded one. */
  sum?: string;
  /** A `replace` directive's target. */
  replace?: GoModule;
}

export interface GoBuildInfo {
  /** runtime.buildVersion, e.g. go1.26.8; undefined when not found. */
  goVersion?: string;
  /** The main package's import path. */
  path: string;
  main: GoModule;
  deps: GoModule[];
  /** -buildmode, GOOS, GOARCH, CGO_ENABLED, -trimpath, vcs.*: as the build recorded them. */
  settings: Array<{ key: string; value: string }>;
}

// cmd/go/internal/modload: infoStart and infoEnd, hex-decoded.
const INFO_START = Buffer.from('3077af0c9274080241e1c107e6d618e6', 'hex');
const INFO_END = Buffer.from('f932433186182072008242104116d8f2', 'hex');
const GO_VERSION = /go1\.\d+(?:\.\d+)?(?:(?:rc|beta)\d+)?(?:-[\w.+-]+)?(?=[^\w.]|$)/;

const DATA_SECTION = 11;

/** The contents of every data segment, in order. */
export function wasmDataSegments(bytes: Uint8Array): Uint8Array[] {
  const r = new WasmByteReader(bytes);
  if (Buffer.from(r.take(4)).toString('latin1') !== '\0asm') throw new RangeError('not a wasm module (bad magic)');
  r.take(4);
  const segments: Uint8Array[] = [];
  while (r.pos < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const body = r.take(size);
    if (id !== DATA_SECTION) continue;
    const s = new WasmByteReader(body);
    const count = s.u32();
    for (let i = 0; i < count; i++) {
      const flags = s.u32();
      if (flags === 2) s.u32(); // memory index
      if (flags !== 1) {
        // An offset expression: one constant instruction, then `end`.
        const op = s.byte();
        if (op === 0x41 || op === 0x42) s.skipLeb();
        else if (op === 0x23) s.u32();
        else throw new RangeError(`unsupported data offset expression 0x${op.toString(16)}`);
        if (s.byte() !== 0x0b) throw new RangeError('data offset expression without end');
      }
      segments.push(s.take(s.u32()));
    }
  }
  return segments;
}

/** runtime/debug.ParseBuildInfo's text format: tab-separated lines. */
export function parseModInfo(text: string): Omit<GoBuildInfo, 'goVersion'> {
  let path = '';
  let main: GoModule | undefined;
  const deps: GoModule[] = [];
  const settings: GoBuildInfo['settings'] = [];
  const mod = (f: string[]): GoModule => ({ path: f[1] ?? '', version: f[2] ?? '', ...(f[3] ? { sum: f[3] } : {}) });
  for (const line of text.split('\n')) {
    const f = line.split('\t');
    switch (f[0]) {
      case 'path':
        path = f[1] ?? '';
        break;
      case 'mod':
        main = mod(f);
        break;
      case 'dep':
        deps.push(mod(f));
        break;
      case '=>': {
        const last = deps.at(-1) ?? main;
        if (last) last.replace = mod(f);
        break;
      }
      case 'build': {
        const eq = (f[1] ?? '').indexOf('=');
        // `-buildmode=c-shared` keeps its dash: the key is what `go version -m` shows.
        if (eq > 0)
          settings.push({
            key: f[1]!.slice(0, eq),
            value: f
              .slice(1)
              .join('\t')
              .slice(eq + 1),
          });
        break;
      }
    }
  }
  return { path, main: main ?? { path, version: '(devel)' }, deps, settings };
}

/** Reads the build info from a Go-built wasm module; throws SBOM_NO_BUILD_INFO when there is none. */
export function readWasmBuildInfo(bytes: Uint8Array, what = 'the module'): GoBuildInfo {
  let segments: Uint8Array[];
  try {
    segments = wasmDataSegments(bytes);
  } catch (err) {
    throw new HpluginError('SBOM_WASM_INVALID', `Cannot read ${what} as WebAssembly: ${(err as Error).message}.`, {
      hint: 'Build it again with `hplugin build`.',
      cause: err,
    });
  }
  let modinfo: string | undefined;
  let goVersion: string | undefined;
  for (const seg of segments) {
    const buf = Buffer.from(seg.buffer, seg.byteOffset, seg.byteLength);
    if (modinfo === undefined) {
      const start = buf.indexOf(INFO_START);
      const end = start >= 0 ? buf.indexOf(INFO_END, start + INFO_START.length) : -1;
      if (end > start) modinfo = buf.subarray(start + INFO_START.length, end).toString('utf8');
    }
    goVersion ??= GO_VERSION.exec(buf.toString('latin1'))?.[0];
    if (modinfo !== undefined && goVersion) break;
  }
  if (modinfo === undefined) {
    throw new HpluginError('SBOM_NO_BUILD_INFO', `${what} carries no Go module information, so there is nothing to build an SBOM from.`, {
      hint: 'Build it with the Go toolchain in module mode (`hplugin build`, toolchain: go). TinyGo modules do not embed build info: package without --sbom.',
    });
  }
  return { ...(goVersion ? { goVersion } : {}), ...parseModInfo(modinfo) };
}
