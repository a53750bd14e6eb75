import type { WasiContext } from '../context.js';
import { WasiError } from '../failures.js';
import { Clockid, Errno } from './spec.js';

/** Wall-clock nanoseconds: performance's origin plus its offset keeps sub-millisecond precision. */
export function realtimeNow(): bigint {
  return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000)) * 1000n;
}

export function monotonicNow(): bigint {
  return process.hrtime.bigint();
}

/** CPU time of the process; a guest runs on one thread, so it is also the thread's CPU time. */
function cputimeNow(): bigint {
  const usage = process.cpuUsage();
  return BigInt(usage.user + usage.system) * 1000n;
}

/** The current value of a clock, or EINVAL for an unknown clock id. */
export function clockNow(id: number): bigint {
  switch (id) {
    case Clockid.REALTIME: return realtimeNow();
    case Clockid.MONOTONIC: return monotonicNow();
    case Clockid.PROCESS_CPUTIME_ID:
    case Clockid.THREAD_CPUTIME_ID: return cputimeNow();
    default: throw new WasiError(Errno.INVAL);
  }
}

function resolution(id: number): bigint {
  switch (id) {
    case Clockid.REALTIME: return 1_000n;
    case Clockid.MONOTONIC: return 1n;
    case Clockid.PROCESS_CPUTIME_ID:
    case Clockid.THREAD_CPUTIME_ID: return 1_000n;
    default: throw new WasiError(Errno.INVAL);
  }
}

export function clock_res_get(ctx: WasiContext, id: number, resolutionPtr: number): number {
  ctx.memory.setU64(resolutionPtr, resolution(id));
  return Errno.SUCCESS;
}

export function clock_time_get(ctx: WasiContext, id: number, _precision: bigint, timePtr: number): number {
  ctx.memory.setU64(timePtr, clockNow(id));
  return Errno.SUCCESS;
}
