/**
 * WASI preview1 for Go 1.24 wasip1 modules: node:wasi serves the clock, random, args and environ
 * functions; a few calls are replaced because their real behaviour would hurt the host process or
 * hide the plugin's output.
 */
import type { WASI as WasiClass } from 'node:wasi';
import type { WasmInstance, WasmMemory } from './wasm-api.js';

/** Thrown by proc_exit to unwind the module; the VM is dead afterwards. */
export class ProcExit extends Error {
  constructor(readonly exitCode: number) {
    super(`the module called proc_exit(${exitCode})`);
    this.name = 'ProcExit';
  }
}

/** What the module wrote to fds 1 and 2 (Go prints panics to fd 2). */
export interface CapturedOutput {
  stdout: string;
  stderr: string;
}

// A runaway plugin must not eat the test process's memory.
const MAX_CAPTURE = 1 << 20;
const ERRNO_SUCCESS = 0;
const ERRNO_BADF = 8;
const ERRNO_NOSYS = 52;

type WasiFunction = (...args: never[]) => number;

let wasiClass: Promise<typeof WasiClass> | undefined;

/**
 * node:wasi, loaded on first use. Loading it prints "WASI is an experimental feature" to the
 * process's stderr; a library must not print, so that one warning (and only it) is dropped while
 * the module loads. Loading lazily also keeps commands that never run a plugin free of it.
 */
export function loadWasi(): Promise<typeof WasiClass> {
  wasiClass ??= (async () => {
    const original = process.emitWarning;
    process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
      const text = typeof warning === 'string' ? warning : warning.message;
      if (text.includes('WASI is an experimental feature')) return;
      (original as (...args: unknown[]) => void).call(process, warning, ...rest);
    }) as typeof process.emitWarning;
    try {
      return (await import('node:wasi')).WASI;
    } finally {
      process.emitWarning = original;
    }
  })();
  return wasiClass;
}

export interface WasiBinding {
  imports: Record<string, WasiFunction>;
  /** Call once the instance exists: runs `_initialize`, exactly as a reactor expects. */
  initialize(instance: WasmInstance): void;
}

export function createWasi(WASI: typeof WasiClass, output: CapturedOutput, memory: () => WasmMemory): WasiBinding {
  const wasi = new WASI({ version: 'preview1', args: [], env: {}, returnOnExit: true });
  const decoder = new TextDecoder();

  const fd_write = (fd: number, iovs: number, iovsLen: number, nwritten: number): number => {
    if (fd !== 1 && fd !== 2) return ERRNO_BADF;
    const view = new DataView(memory().buffer);
    let text = '';
    let total = 0;
    for (let i = 0; i < iovsLen; i++) {
      const ptr = view.getUint32(iovs + i * 8, true);
      const len = view.getUint32(iovs + i * 8 + 4, true);
      text += decoder.decode(new Uint8Array(memory().buffer, ptr, len));
      total += len;
    }
    const key = fd === 1 ? 'stdout' : 'stderr';
    if (output[key].length < MAX_CAPTURE) output[key] += text;
    view.setUint32(nwritten, total, true);
    return ERRNO_SUCCESS;
  };

  const imports: Record<string, WasiFunction> = {
    ...(wasi.wasiImport as Record<string, WasiFunction>),
    fd_write: fd_write as WasiFunction,
    // Go sets O_NONBLOCK on stdout/stderr at start-up; node:wasi would apply it to the REAL fds of
    // this process and break its own console output.
    fd_fdstat_set_flags: (() => ERRNO_NOSYS) as WasiFunction,
    // Higress answers with no events; Go's idle scheduler then simply returns.
    poll_oneoff: ((_in: number, _out: number, _n: number, nevents: number) => {
      new DataView(memory().buffer).setUint32(nevents, 0, true);
      return ERRNO_SUCCESS;
    }) as WasiFunction,
    proc_exit: ((code: number) => {
      throw new ProcExit(code);
    }) as WasiFunction,
    sched_yield: (() => ERRNO_SUCCESS) as WasiFunction,
  };

  return {
    imports,
    initialize(instance) {
      wasi.initialize(instance as object);
    },
  };
}
