/** What every group of host functions gets: the VM's state and a window on its memory. */
import type { ModuleMemory } from '../memory.js';
import type { HostState } from '../state.js';

export interface HostCallContext {
  state: HostState;
  mem: ModuleMemory;
  foreignFunctions: Record<string, (args: Uint8Array) => Uint8Array>;
}

// Host functions take i32s as numbers and i64s as BigInts; the exact shapes vary per function.
// eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- an i32 result, or none (a void import).
export type HostFunction = (...args: never[]) => number | void;
export type HostFunctions = Record<string, HostFunction>;
