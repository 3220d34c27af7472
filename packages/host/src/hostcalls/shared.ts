/** Shared data (with CAS), shared queues and metrics, all local to this one VM. */
import { Status } from '../abi.js';
import type { HostCallContext, HostFunctions } from './context.js';

export function sharedFunctions({ state, mem }: HostCallContext): HostFunctions {
  return {
    proxy_get_shared_data: (kPtr: number, kLen: number, retPtr: number, retSize: number, retCas: number) => {
      const entry = state.sharedData.get(mem.string(kPtr, kLen));
      if (!entry) return mem.nothing(retPtr, retSize);
      mem.writeU32(retCas, entry.cas);
      return mem.give(entry.value, retPtr, retSize);
    },
    proxy_set_shared_data: (kPtr: number, kLen: number, vPtr: number, vLen: number, cas: number) => {
      const key = mem.string(kPtr, kLen);
      const entry = state.sharedData.get(key);
      if (cas !== 0 && entry && entry.cas !== cas >>> 0) return Status.CAS_MISMATCH;
      state.sharedData.set(key, { value: mem.bytes(vPtr, vLen), cas: (entry?.cas ?? 0) + 1 });
      return Status.OK;
    },
    proxy_register_shared_queue: (nPtr: number, nLen: number, retId: number) => {
      const name = mem.string(nPtr, nLen);
      let id = state.queues.byName.get(name);
      if (id === undefined) {
        id = state.queues.byName.size + 1;
        state.queues.byName.set(name, id);
        state.queues.items.set(id, []);
      }
      mem.writeU32(retId, id);
      return Status.OK;
    },
    proxy_resolve_shared_queue: (_vPtr: number, _vLen: number, nPtr: number, nLen: number, retId: number) => {
      const id = state.queues.byName.get(mem.string(nPtr, nLen));
      if (id === undefined) return Status.NOT_FOUND;
      mem.writeU32(retId, id);
      return Status.OK;
    },
    proxy_enqueue_shared_queue: (id: number, ptr: number, len: number) => {
      const items = state.queues.items.get(id);
      if (!items) return Status.NOT_FOUND;
      items.push(mem.bytes(ptr, len));
      return Status.OK;
    },
    proxy_dequeue_shared_queue: (id: number, retPtr: number, retSize: number) => {
      const items = state.queues.items.get(id);
      if (!items) return mem.nothing(retPtr, retSize);
      const item = items.shift();
      if (!item) return Status.EMPTY;
      return mem.give(item, retPtr, retSize);
    },
    proxy_define_metric: (type: number, nPtr: number, nLen: number, retId: number) => {
      if (type < 0 || type > 2) return Status.BAD_ARGUMENT;
      const name = mem.string(nPtr, nLen);
      let id = state.metrics.byName.get(name);
      if (id === undefined) {
        id = state.metrics.byName.size + 1;
        state.metrics.byName.set(name, id);
        state.metrics.entries.set(id, { name, type, value: 0n });
      }
      mem.writeU32(retId, id);
      return Status.OK;
    },
    proxy_increment_metric: (id: number, offset: bigint) => {
      const entry = state.metrics.entries.get(id);
      if (!entry) return Status.NOT_FOUND;
      if (entry.type === 2) return Status.BAD_ARGUMENT; // histograms are recorded, not incremented
      entry.value += BigInt(offset);
      return Status.OK;
    },
    proxy_record_metric: (id: number, value: bigint) => {
      const entry = state.metrics.entries.get(id);
      if (!entry) return Status.NOT_FOUND;
      entry.value = BigInt.asUintN(64, BigInt(value));
      return Status.OK;
    },
    proxy_get_metric: (id: number, retValue: number) => {
      const entry = state.metrics.entries.get(id);
      if (!entry) return Status.NOT_FOUND;
      mem.writeU64(retValue, entry.value);
      return Status.OK;
    },
  };
}
