/** proxy_log, the log level, ticks and time. */
import { LOG_LEVELS, Status } from '../abi.js';
import type { HostCallContext, HostFunctions } from './context.js';

export function loggingFunctions({ state, mem }: HostCallContext): HostFunctions {
  return {
    proxy_log: (level: number, ptr: number, len: number) => {
      const name = LOG_LEVELS[level];
      if (!name) return Status.BAD_ARGUMENT;
      state.logs.push({ level: name, message: mem.string(ptr, len) });
      return Status.OK;
    },
    proxy_get_log_level: (retLevel: number) => {
      mem.writeU32(retLevel, LOG_LEVELS.indexOf(state.logLevel));
      return Status.OK;
    },
    proxy_set_tick_period_milliseconds: (period: number) => {
      state.tickPeriodMs = period >>> 0;
      return Status.OK;
    },
    proxy_get_current_time_nanoseconds: (retTime: number) => {
      mem.writeU64(retTime, BigInt(Date.now()) * 1_000_000n);
      return Status.OK;
    },
  };
}
