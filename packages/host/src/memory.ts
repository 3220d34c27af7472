/**
 * Reading and writing the module's linear memory, and handing data to the module.
 *
 * Memory can grow during any call into the module (an allocation may grow it), which detaches the
 * old ArrayBuffer, so every access builds its view from `memory.buffer` afresh instead of caching one.
 */
import { Status } from './abi.js';
import type { WasmMemory } from './wasm-api.js';

const utf8 = new TextDecoder();

export class ModuleMemory {
  constructor(
    private readonly memory: () => WasmMemory,
    /** Calls the module's proxy_on_memory_allocate. */
    private readonly allocate: (size: number) => number,
  ) {}

  private view(): DataView {
    return new DataView(this.memory().buffer);
  }

  /** A copy, so later growth or writes by the module cannot change what the host keeps. */
  bytes(ptr: number, len: number): Uint8Array {
    if (len === 0) return new Uint8Array(0);
    return new Uint8Array(this.memory().buffer, ptr >>> 0, len >>> 0).slice();
  }

  string(ptr: number, len: number): string {
    return utf8.decode(this.bytes(ptr, len));
  }

  writeU32(ptr: number, value: number): void {
    this.view().setUint32(ptr >>> 0, value >>> 0, true);
  }

  writeU64(ptr: number, value: bigint): void {
    this.view().setBigUint64(ptr >>> 0, BigInt.asUintN(64, value), true);
  }

  writeBytes(ptr: number, data: Uint8Array): void {
    new Uint8Array(this.memory().buffer, ptr >>> 0, data.length).set(data);
  }

  /**
   * Hand `data` to the module: allocate once in the module, copy the bytes in, and write the
   * pointer and size into the caller's return slots. Empty data gets 0/0 without an allocation,
   * because the Go SDK's allocator indexes `buf[0]` and panics on a zero-size request.
   */
  give(data: Uint8Array, retPtr: number, retSize: number): number {
    if (data.length === 0) {
      this.writeU32(retPtr, 0);
      this.writeU32(retSize, 0);
      return Status.OK;
    }
    const ptr = this.allocate(data.length);
    this.writeBytes(ptr, data);
    this.writeU32(retPtr, ptr);
    this.writeU32(retSize, data.length);
    return Status.OK;
  }

  /** "Nothing here": 0/0 in the slots and NOT_FOUND, as the SDK expects. */
  nothing(retPtr: number, retSize: number): number {
    this.writeU32(retPtr, 0);
    this.writeU32(retSize, 0);
    return Status.NOT_FOUND;
  }
}
