/**
 * Instantiates a plugin module the way a proxy-wasm host starts it: WASI preview1 from node:wasi,
 * every env.proxy_* host function stubbed (NOT_FOUND), then _initialize, a root context, VM start
 * and configure. Enough to prove that a transformed module still links, runs the Go runtime and
 * package inits, and takes the SDK's start-up path the same way.
 */
import { WASI } from 'node:wasi';

interface Engine {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: Record<string, Record<string, unknown>>): Promise<{ exports: Record<string, unknown> }>;
  Module: { imports(module: object): { module: string; name: string }[] };
}
// Node's WebAssembly global, declared for this module only (no DOM lib in this project).
declare const WebAssembly: Engine;
const engine: Engine = WebAssembly;

export interface StartOutcome {
  /** What proxy_on_vm_start and proxy_on_configure returned (1 = success). */
  vmStart: unknown;
  configure: unknown;
  /** The host functions the module called, in order. */
  calledHost: string[];
}

export async function startPlugin(bytes: Uint8Array): Promise<StartOutcome> {
  const wasi = new WASI({ version: 'preview1', returnOnExit: true, stdout: 2, stderr: 2 });
  const module = await engine.compile(bytes);
  const calledHost: string[] = [];
  const env: Record<string, unknown> = {};
  for (const i of engine.Module.imports(module)) {
    if (i.module === 'env') env[i.name] = () => (calledHost.push(i.name), 1);
  }
  // Never let the module set O_NONBLOCK on this process's real stdout (see proxy-wasm-host.md).
  const wasiImport = { ...wasi.wasiImport, fd_fdstat_set_flags: () => 52 };
  const instance = await engine.instantiate(module, { wasi_snapshot_preview1: wasiImport, env });
  wasi.initialize(instance as never);
  const call = (name: string, ...args: number[]) => (instance.exports[name] as (...a: number[]) => unknown)(...args);
  call('proxy_on_context_create', 1, 0);
  const vmStart = call('proxy_on_vm_start', 1, 0);
  const configure = call('proxy_on_configure', 1, 0);
  return { vmStart, configure, calledHost };
}
