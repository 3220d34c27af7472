/**
 * The import object for one module: our host functions for the names it imports, and for any
 * name we lack a stub that answers UNIMPLEMENTED (12) and records the call, so a plugin built for
 * a newer gateway still runs and the test says what it missed.
 */
import { Status } from '../abi.js';
import type { WasmImports } from '../wasm-api.js';
import type { FunctionImport, ValueType } from '../wasm-imports.js';
import { bufferFunctions } from './buffers.js';
import { calloutFunctions } from './callouts.js';
import type { HostCallContext, HostFunction, HostFunctions } from './context.js';
import { headerFunctions } from './headers.js';
import { loggingFunctions } from './logging.js';
import { propertyFunctions } from './properties.js';
import { sharedFunctions } from './shared.js';
import { streamFunctions } from './stream.js';

export type { HostCallContext } from './context.js';

export function hostFunctions(ctx: HostCallContext): HostFunctions {
  return {
    ...loggingFunctions(ctx),
    ...headerFunctions(ctx),
    ...bufferFunctions(ctx),
    ...propertyFunctions(ctx),
    ...streamFunctions(ctx),
    ...calloutFunctions(ctx),
    ...sharedFunctions(ctx),
  };
}

/** The names this host implements in module `env`, for reports. */
export const IMPLEMENTED_HOST_FUNCTIONS: readonly string[] = Object.keys(
  hostFunctions({ state: undefined as never, mem: undefined as never, foreignFunctions: {} }),
).sort();

function zeroOf(type: ValueType | undefined): number | bigint | undefined {
  if (type === undefined) return undefined;
  if (type === 'i64') return BigInt(Status.UNIMPLEMENTED);
  if (type === 'i32') return Status.UNIMPLEMENTED;
  return 0;
}

export function stubFunction(imp: FunctionImport, record: (name: string) => void): HostFunction {
  const result = zeroOf(imp.results[0]);
  const label = imp.module === 'env' ? imp.name : `${imp.module}.${imp.name}`;
  return (() => {
    record(label);
    return result;
  }) as HostFunction;
}

/**
 * Build the import object. Returns the stubbed names too, so createHost can report them before
 * any is called.
 */
export function buildImports(
  imports: FunctionImport[],
  provided: Record<string, Record<string, HostFunction>>,
  record: (name: string) => void,
): { importObject: WasmImports; stubbed: string[] } {
  const importObject: Record<string, Record<string, unknown>> = {};
  const stubbed: string[] = [];
  for (const imp of imports) {
    const own = provided[imp.module]?.[imp.name];
    (importObject[imp.module] ??= {})[imp.name] = own ?? stubFunction(imp, record);
    if (!own) stubbed.push(imp.module === 'env' ? imp.name : `${imp.module}.${imp.name}`);
  }
  return { importObject, stubbed };
}
