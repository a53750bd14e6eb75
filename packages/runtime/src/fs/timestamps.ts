import type { BigIntStats } from 'node:fs';
import { WasiError } from '../failures.js';
import { Errno, ALL_FSTFLAGS, Fstflags } from '../preview1/spec.js';

/** The atime/mtime pair (in seconds, what Node's utimes takes) that `fstflags` asks for. */
export function timesToSet(current: BigIntStats | undefined, atim: bigint, mtim: bigint, fstflags: number): [number, number] {
  const now = Date.now() / 1000;
  const atime = (fstflags & Fstflags.ATIM_NOW) !== 0 ? now : (fstflags & Fstflags.ATIM) !== 0 ? nsToSeconds(atim) : nsToSeconds(current?.atimeNs ?? 0n);
  const mtime = (fstflags & Fstflags.MTIM_NOW) !== 0 ? now : (fstflags & Fstflags.MTIM) !== 0 ? nsToSeconds(mtim) : nsToSeconds(current?.mtimeNs ?? 0n);
  return [atime, mtime];
}

/** EINVAL for unknown bits and for asking both for a time and for "now" (the spec's invalid pairs). */
export function validateFstflags(fstflags: number): void {
  if ((fstflags & ~ALL_FSTFLAGS) !== 0) throw new WasiError(Errno.INVAL);
  if ((fstflags & Fstflags.ATIM) !== 0 && (fstflags & Fstflags.ATIM_NOW) !== 0) throw new WasiError(Errno.INVAL);
  if ((fstflags & Fstflags.MTIM) !== 0 && (fstflags & Fstflags.MTIM_NOW) !== 0) throw new WasiError(Errno.INVAL);
}

/** Whether the current times must be read first (a time the guest leaves unchanged). */
export function needsCurrentTimes(fstflags: number): boolean {
  return (fstflags & (Fstflags.ATIM | Fstflags.ATIM_NOW)) === 0 || (fstflags & (Fstflags.MTIM | Fstflags.MTIM_NOW)) === 0;
}

function nsToSeconds(ns: bigint): number {
  const unsigned = BigInt.asUintN(64, ns);
  return Number(unsigned / 1_000_000_000n) + Number(unsigned % 1_000_000_000n) / 1e9;
}
