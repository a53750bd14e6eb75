import type { WasiContext } from '../context.js';
import { WasiError } from '../failures.js';
import { createDirectoryOrErrno, linkBeneathOrErrno, removeDirectoryOrErrno, renameBeneathOrErrno, symlinkBeneathOrErrno, unlinkFileOrErrno } from '../fs/beneath.js';
import { ALL_LOOKUPFLAGS, Errno, Lookupflags } from './spec.js';

/**
 * The path_* calls that change the tree: EPERM beneath a read-only grant (wasmtime), then one call into fs/beneath.ts, which
 * resolves beneath the directory fd (leaving it is EPERM) and acts on the final component
 * without following it, so nothing outside can be reached, created or changed.
 */

export function path_create_directory(ctx: WasiContext, fd: number, pathPtr: number, pathLen: number): number {
  const dir = ctx.fds.getMutableDirectory(fd);
  return createDirectoryOrErrno(dir, ctx.memory.readPath(pathPtr, pathLen));
}

export function path_remove_directory(ctx: WasiContext, fd: number, pathPtr: number, pathLen: number): number {
  const dir = ctx.fds.getMutableDirectory(fd);
  return removeDirectoryOrErrno(dir, ctx.memory.readPath(pathPtr, pathLen));
}

export function path_unlink_file(ctx: WasiContext, fd: number, pathPtr: number, pathLen: number): number {
  const dir = ctx.fds.getMutableDirectory(fd);
  return unlinkFileOrErrno(dir, ctx.memory.readPath(pathPtr, pathLen));
}

export function path_rename(ctx: WasiContext, fd: number, oldPathPtr: number, oldPathLen: number, newFd: number, newPathPtr: number, newPathLen: number): number {
  const dir = ctx.fds.getMutableDirectory(fd);
  const oldPath = ctx.memory.readPath(oldPathPtr, oldPathLen);
  const newDir = ctx.fds.getMutableDirectory(newFd);
  return renameBeneathOrErrno(dir, oldPath, newDir, ctx.memory.readPath(newPathPtr, newPathLen));
}

export function path_symlink(ctx: WasiContext, oldPathPtr: number, oldPathLen: number, fd: number, newPathPtr: number, newPathLen: number): number {
  const contents = ctx.memory.readString(oldPathPtr, oldPathLen);
  const dir = ctx.fds.getMutableDirectory(fd);
  return symlinkBeneathOrErrno(contents, dir, ctx.memory.readPath(newPathPtr, newPathLen));
}

/**
 * Following a source symlink (LOOKUPFLAGS_SYMLINK_FOLLOW) is refused with EINVAL as wasmtime does,
 * so a link to something outside cannot be made; in wasmtime's order, after the read-only checks.
 */
export function path_link(ctx: WasiContext, oldFd: number, oldFlags: number, oldPathPtr: number, oldPathLen: number, newFd: number, newPathPtr: number, newPathLen: number): number {
  if ((oldFlags & ~ALL_LOOKUPFLAGS) !== 0) throw new WasiError(Errno.INVAL);
  const dir = ctx.fds.getMutableDirectory(oldFd);
  const oldPath = ctx.memory.readPath(oldPathPtr, oldPathLen);
  const newDir = ctx.fds.getMutableDirectory(newFd);
  if ((oldFlags & Lookupflags.SYMLINK_FOLLOW) !== 0) throw new WasiError(Errno.INVAL);
  return linkBeneathOrErrno(dir, oldPath, newDir, ctx.memory.readPath(newPathPtr, newPathLen));
}
