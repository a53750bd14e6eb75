import { lstatSync, readlinkSync } from 'node:fs';
import type { WasiContext } from '../context.js';
import { WasiError } from '../failures.js';
import { writeFilestat } from '../fs/filestat.js';
import { followFinal, resolveParent, type DirectoryHandle, type ResolvedPath } from '../fs/path-resolver.js';
import { setTimes, validateFstflags } from '../fs/timestamps.js';
import { ALL_LOOKUPFLAGS, Errno, Filestat, type FilestatLayout, Lookupflags, Rights } from './spec.js';

function lookupArg(flags: number): boolean {
  if ((flags & ~ALL_LOOKUPFLAGS) !== 0) throw new WasiError(Errno.INVAL);
  return (flags & Lookupflags.SYMLINK_FOLLOW) !== 0;
}

/** lstat of the final component, following it (beneath the same directory) when asked or when the path ends in `/`. */
export function statFinal(resolved: ResolvedPath, follow: boolean) {
  let stat = lstatSync(resolved.hostPath, { bigint: true });
  while (stat.isSymbolicLink() && (follow || resolved.trailingSlash) && followFinal(resolved)) {
    stat = lstatSync(resolved.hostPath, { bigint: true });
  }
  if (resolved.trailingSlash && !stat.isDirectory()) throw new WasiError(Errno.NOTDIR);
  return stat;
}

/** path_filestat_get in a given layout (`unstable.ts` passes snapshot 0's). */
export function pathFilestat(ctx: WasiContext, fd: number, flags: number, pathPtr: number, pathLen: number, bufPtr: number, layout: FilestatLayout): number {
  const follow = lookupArg(flags);
  const dir = ctx.fds.getDirectory(fd, Rights.PATH_FILESTAT_GET);
  const resolved = resolveParent(dir, ctx.memory.readString(pathPtr, pathLen));
  try {
    writeFilestat(ctx.memory, bufPtr, statFinal(resolved, follow), layout);
  } finally {
    resolved.release();
  }
  return Errno.SUCCESS;
}

export function path_filestat_get(ctx: WasiContext, fd: number, flags: number, pathPtr: number, pathLen: number, bufPtr: number): number {
  return pathFilestat(ctx, fd, flags, pathPtr, pathLen, bufPtr, Filestat);
}

/** Times are set on the resolved final component without following it on the host (fs/timestamps.ts). */
export function path_filestat_set_times(ctx: WasiContext, fd: number, flags: number, pathPtr: number, pathLen: number, atim: bigint, mtim: bigint, fstflags: number): number {
  const follow = lookupArg(flags);
  validateFstflags(fstflags);
  const dir = ctx.fds.getDirectory(fd, Rights.PATH_FILESTAT_SET_TIMES);
  const resolved = resolveParent(dir, ctx.memory.readString(pathPtr, pathLen));
  try {
    statFinal(resolved, follow);
    setTimes({ hostPath: resolved.hostPath }, atim, mtim, fstflags);
  } finally {
    resolved.release();
  }
  return Errno.SUCCESS;
}

/** The link's contents, cut to the buffer (bufused says how much was written). */
export function path_readlink(ctx: WasiContext, fd: number, pathPtr: number, pathLen: number, bufPtr: number, bufLen: number, bufusedPtr: number): number {
  const dir = ctx.fds.getDirectory(fd, Rights.PATH_READLINK);
  const target = readlinkAt(dir, ctx.memory.readString(pathPtr, pathLen));
  const n = Math.min(target.length, bufLen >>> 0);
  ctx.memory.check(bufusedPtr, 4, 4);
  ctx.memory.write(bufPtr, target.subarray(0, n));
  ctx.memory.setU32(bufusedPtr, n);
  return Errno.SUCCESS;
}

/** The contents of the link at the final component (never followed); not a link is EINVAL. */
export function readlinkAt(dir: DirectoryHandle, guestPath: string, escapeErrno?: Errno): Buffer {
  const resolved = resolveParent(dir, guestPath, escapeErrno);
  try {
    if (resolved.trailingSlash || resolved.name === '.') throw new WasiError(Errno.INVAL);
    return readlinkSync(resolved.hostPath, { encoding: 'buffer' });
  } finally {
    resolved.release();
  }
}
