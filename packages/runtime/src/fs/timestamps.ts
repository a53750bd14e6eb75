import { existsSync, fstatSync, futimesSync, lstatSync, lutimesSync } from 'node:fs';
import { WasiError } from '../failures.js';
import { ALL_FSTFLAGS, Errno, Fstflags } from '../preview1/spec.js';
import { wasiErrno } from './native-addon.js';
import { nativeIo } from './sandbox.js';

/** What a set-times call acts on: an open host fd, or a resolved path whose final link is not followed. */
export type TimesTarget = { hostFd: number } | { hostPath: string };

/** EINVAL for unknown bits and for asking both for a time and for "now" (the spec's invalid pairs). */
export function validateFstflags(fstflags: number): void {
  if ((fstflags & ~ALL_FSTFLAGS) !== 0) throw new WasiError(Errno.INVAL);
  if ((fstflags & Fstflags.ATIM) !== 0 && (fstflags & Fstflags.ATIM_NOW) !== 0) throw new WasiError(Errno.INVAL);
  if ((fstflags & Fstflags.MTIM) !== 0 && (fstflags & Fstflags.MTIM_NOW) !== 0) throw new WasiError(Errno.INVAL);
}

function nsToSeconds(ns: bigint): number {
  return Number(ns / 1_000_000_000n) + Number(ns % 1_000_000_000n) / 1e9;
}

/** GNU touch, for the nanoseconds Node's utimes (microseconds, through a double) cannot set. */
const TOUCH = process.platform === 'linux' ? ['/usr/bin/touch', '/bin/touch'].find((candidate) => existsSync(candidate)) : undefined;

/** A path the resolver hands out: a name beneath a directory fd, seen through this process's /proc. */
const BENEATH_FD = /^\/proc\/self\/fd\/(\d+)\/(.*)$/s;

/**
 * How `touch` reaches the same object without naming this process: an fd becomes the child's
 * stdout and GNU touch's `-` operand; a name beneath a directory fd is looked up beneath that fd
 * passed as the child's fd 3 (`/proc/self` in the child is the child). A pid never names a file:
 * inside a pid namespace it can name another process.
 */
function touchOperand(target: TimesTarget): { operand: string; stdio: (number | 'ignore')[] } {
  if ('hostFd' in target) return { operand: '-', stdio: ['ignore', target.hostFd, 'ignore'] };
  const beneath = BENEATH_FD.exec(target.hostPath);
  if (beneath === null) return { operand: target.hostPath, stdio: ['ignore', 'ignore', 'ignore'] };
  return { operand: `/proc/self/fd/3/${beneath[2]}`, stdio: ['ignore', 'ignore', 'ignore', Number(beneath[1])] };
}

/** Sets the exact nanoseconds with `touch -d @s.ns` (best effort: utimes already set them to the microsecond). */
function refineNanoseconds(target: TimesTarget, which: '-a' | '-m', ns: bigint): void {
  if (TOUCH === undefined) return;
  const { operand, stdio } = touchOperand(target);
  const stamp = `@${ns / 1_000_000_000n}.${String(ns % 1_000_000_000n).padStart(9, '0')}`;
  const args = ['-c', which, '-d', stamp, '--', operand];
  if ('hostPath' in target) args.unshift('-h');
  try {
    process.getBuiltinModule('node:child_process').execFileSync(TOUCH, args, { stdio });
  } catch {
    // The microsecond value set by utimes stands.
  }
}

/**
 * fd_filestat_set_times / path_filestat_set_times: an explicit time, "now", or unchanged for each
 * of atime and mtime. Node's utimes sets them (never following a final symlink for paths); a time
 * with sub-microsecond digits is then made exact with `touch`, so a guest reads back what it set.
 * With the native addon an fd's times are set by utimensat instead, exact and without `touch`.
 */
export function setTimes(target: TimesTarget, atim: bigint, mtim: bigint, fstflags: number): void {
  if (nativeIo !== undefined && 'hostFd' in target) {
    // utimensat to the nanosecond, in one call (paths take the native strategy's own utimensAt).
    const result = nativeIo.utimensAt(target.hostFd, '', atim, mtim, fstflags);
    if (result < 0) throw new WasiError(wasiErrno(result));
    return;
  }
  const keepsOne = (fstflags & (Fstflags.ATIM | Fstflags.ATIM_NOW)) === 0 || (fstflags & (Fstflags.MTIM | Fstflags.MTIM_NOW)) === 0;
  const current = keepsOne ? ('hostFd' in target ? fstatSync(target.hostFd, { bigint: true }) : lstatSync(target.hostPath, { bigint: true })) : undefined;
  const now = Date.now() / 1000;
  const atimeNs = BigInt.asUintN(64, atim);
  const mtimeNs = BigInt.asUintN(64, mtim);
  const atime = (fstflags & Fstflags.ATIM_NOW) !== 0 ? now : (fstflags & Fstflags.ATIM) !== 0 ? nsToSeconds(atimeNs) : nsToSeconds(current!.atimeNs);
  const mtime = (fstflags & Fstflags.MTIM_NOW) !== 0 ? now : (fstflags & Fstflags.MTIM) !== 0 ? nsToSeconds(mtimeNs) : nsToSeconds(current!.mtimeNs);
  if ('hostFd' in target) futimesSync(target.hostFd, atime, mtime);
  else lutimesSync(target.hostPath, atime, mtime);
  const exactA = (fstflags & Fstflags.ATIM) !== 0 ? atimeNs : fstflags & Fstflags.ATIM_NOW ? undefined : current!.atimeNs;
  const exactM = (fstflags & Fstflags.MTIM) !== 0 ? mtimeNs : fstflags & Fstflags.MTIM_NOW ? undefined : current!.mtimeNs;
  if (exactA !== undefined && exactA % 1000n !== 0n) refineNanoseconds(target, '-a', exactA);
  if (exactM !== undefined && exactM % 1000n !== 0n) refineNanoseconds(target, '-m', exactM);
}
