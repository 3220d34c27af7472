/**
 * One instance of a plugin module: WASI and host functions bound, `_initialize` run, and a guarded
 * way to call its exports. Any throw out of the module (a trap, proc_exit, a Go panic) kills the
 * VM, as on the gateway, and becomes HOST_TRAP carrying what the plugin printed.
 */
import { HpluginError } from '@hplugin/core';
import { trapError } from './errors.js';
import { buildImports, hostFunctions } from './hostcalls/index.js';
import { ModuleMemory } from './memory.js';
import type { CompiledPlugin } from './plugin-module.js';
import type { HostState } from './state.js';
import { createWasi, type CapturedOutput } from './wasi.js';
import type { WASI } from 'node:wasi';
import { WebAssemblyApi, type WasmInstance, type WasmMemory } from './wasm-api.js';

type Export = (...args: Array<number | bigint>) => number | bigint | undefined;

export class PluginVm {
  readonly output: CapturedOutput = { stdout: '', stderr: '' };
  /** Imports the host does not implement and answered with a stub. */
  readonly stubbedImports: string[];
  dead = false;
  private readonly exports: Record<string, unknown>;

  constructor(
    plugin: CompiledPlugin,
    readonly state: HostState,
    foreignFunctions: Record<string, (args: Uint8Array) => Uint8Array>,
    wasiClass: typeof WASI,
  ) {
    let instance: WasmInstance | undefined;
    const memory = () => instance!.exports.memory as WasmMemory;
    const mem = new ModuleMemory(memory, (size) => Number(this.raw('proxy_on_memory_allocate', size)) >>> 0);
    const wasi = createWasi(wasiClass, this.output, memory);
    const { importObject, stubbed } = buildImports(
      plugin.imports,
      { env: hostFunctions({ state, mem, foreignFunctions }), wasi_snapshot_preview1: wasi.imports },
      (name) => state.stubbedCalls.push(name),
    );
    this.stubbedImports = stubbed;
    instance = new WebAssemblyApi.Instance(plugin.module, importObject);
    this.exports = instance.exports as Record<string, unknown>;
    this.guard('_initialize', () => wasi.initialize(instance!));
  }

  has(name: string): boolean {
    return typeof this.exports[name] === 'function';
  }

  private raw(name: string, ...args: Array<number | bigint>): number | bigint | undefined {
    return (this.exports[name] as Export)(...args);
  }

  private guard<T>(phase: string, run: () => T): T {
    if (this.dead) {
      throw new HpluginError('HOST_VM_DEAD', `The plugin VM died earlier; ${phase} cannot run.`, {
        hint: 'Create a new host (createHost) after a HOST_TRAP.',
      });
    }
    try {
      return run();
    } catch (cause) {
      this.dead = true;
      throw trapError(phase, cause, this.output, this.state.logs);
    }
  }

  /**
   * Call an export on behalf of `contextId`, which becomes the effective context for the host
   * functions it calls. A missing export counts as "returned 0" (Continue / false).
   */
  call(name: string, contextId: number, ...args: number[]): number {
    if (!this.has(name)) return 0;
    this.state.effectiveId = contextId;
    return this.guard(name, () => Number(this.raw(name, contextId, ...args)));
  }
}
