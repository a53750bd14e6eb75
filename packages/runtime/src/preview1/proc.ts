import type { WasiContext } from '../context.js';
import { ProcExit, WasiError } from '../failures.js';
import { Errno, MAX_SIGNAL } from './spec.js';

/** Unwinds the guest with its exit status (checked against wasmtime's 0..125 range by `start()`). */
export function proc_exit(_ctx: WasiContext, code: number): never {
  throw new ProcExit(code >>> 0);
}

/** Raising signals is not supported (as in wasmtime); an invalid signal number is EINVAL. */
export function proc_raise(_ctx: WasiContext, signal: number): number {
  if (signal >>> 0 > MAX_SIGNAL) throw new WasiError(Errno.INVAL);
  return Errno.NOTSUP;
}

/** A single-threaded guest has nobody to yield to. */
export function sched_yield(_ctx: WasiContext): number {
  return Errno.SUCCESS;
}
