import type { WasiContext } from '../context.js';
import { WasiError } from '../failures.js';
import { filestatBeneathOrErrno, readlinkBeneathOrErrno, setTimesBeneathOrErrno } from '../fs/beneath.js';
import { validateFstflags } from '../fs/timestamps.js';
import { ALL_LOOKUPFLAGS, Errno, Filestat, type FilestatLayout, Lookupflags } from './spec.js';

function lookupArg(flags: number): boolean {
  if ((flags & ~ALL_LOOKUPFLAGS) !== 0) throw new WasiError(Errno.INVAL);
  return (flags & Lookupflags.SYMLINK_FOLLOW) !== 0;
}

/** path_filestat_get in a given layout (`unstable.ts` passes snapshot 0's). */
export function pathFilestat(ctx: WasiContext, fd: number, flags: number, pathPtr: number, pathLen: number, bufPtr: number, layout: FilestatLayout): number {
  const follow = lookupArg(flags);
  const dir = ctx.fds.getDirectory(fd);
  return filestatBeneathOrErrno(dir, ctx.memory.readPath(pathPtr, pathLen), follow, ctx.memory, bufPtr, layout);
}

export function path_filestat_get(ctx: WasiContext, fd: number, flags: number, pathPtr: number, pathLen: number, bufPtr: number): number {
  return pathFilestat(ctx, fd, flags, pathPtr, pathLen, bufPtr, Filestat);
}

/** Times are set on the final component itself unless the guest asks to follow it (fs/beneath.ts). */
export function path_filestat_set_times(ctx: WasiContext, fd: number, flags: number, pathPtr: number, pathLen: number, atim: bigint, mtim: bigint, fstflags: number): number {
  const follow = lookupArg(flags);
  validateFstflags(fstflags);
  const dir = ctx.fds.getMutableDirectory(fd);
  return setTimesBeneathOrErrno(dir, ctx.memory.readPath(pathPtr, pathLen), follow, atim, mtim, fstflags);
}

/** The link's contents, cut to the buffer (bufused says how much was written). */
export function path_readlink(ctx: WasiContext, fd: number, pathPtr: number, pathLen: number, bufPtr: number, bufLen: number, bufusedPtr: number): number {
  const dir = ctx.fds.getDirectory(fd);
  const guestPath = ctx.memory.readPath(pathPtr, pathLen);
  ctx.memory.check(bufusedPtr, 4, 4);
  const len = bufLen >>> 0;
  const written = readlinkBeneathOrErrno(dir, guestPath, ctx.memory, ctx.memory.check(bufPtr, len, 1), len);
  if (written < 0) return -written;
  ctx.memory.setU32(bufusedPtr, written);
  return Errno.SUCCESS;
}
