import { linkSync, lstatSync, mkdirSync, renameSync, rmdirSync, symlinkSync, unlinkSync } from 'node:fs';
import type { WasiContext } from '../context.js';
import { WasiError } from '../failures.js';
import { isNodeSystemError } from '../fs/errno-from-node.js';
import { resolveParent, type DirectoryHandle, type ResolvedPath } from '../fs/path-resolver.js';
import { ALL_LOOKUPFLAGS, Errno, Lookupflags, Rights } from './spec.js';

/**
 * The path_* calls that change the tree. Each resolves beneath its directory fd (leaving it is
 * ENOTCAPABLE, or `escapeErrno`) and acts on the final component through the parent's fd; none of
 * the host calls used here follows a final symlink, so nothing outside can be reached, created or
 * changed. A trailing slash is checked here and never passed to the host (where it would follow a
 * link). The `…At(dir, path)` functions are shared with the component host (component/wasi/filesystem.ts).
 */

function resolve(ctx: WasiContext, fd: number, rights: number, pathPtr: number, pathLen: number): { dir: DirectoryHandle; path: string } {
  return { dir: ctx.fds.getDirectory(fd, rights), path: ctx.memory.readString(pathPtr, pathLen) };
}

/** lstat that reports a missing entry as undefined. */
function lstatOrMissing(hostPath: string) {
  try {
    return lstatSync(hostPath);
  } catch (error) {
    if (isNodeSystemError(error) && error.code === 'ENOENT') return undefined;
    throw error;
  }
}

/** A path ending in `/` names a directory: a file (or a symlink, which is not followed) there is ENOTDIR. */
function requireDirectoryIfSlashed(resolved: ResolvedPath): void {
  if (!resolved.trailingSlash) return;
  const stat = lstatOrMissing(resolved.hostPath);
  if (stat !== undefined && !stat.isDirectory()) throw new WasiError(Errno.NOTDIR);
}

/** A new name given with a trailing slash: missing is ENOENT, a directory EEXIST, anything else ENOTDIR (Linux's answers). */
function refuseSlashedNewName(resolved: ResolvedPath): void {
  if (!resolved.trailingSlash) return;
  const stat = lstatOrMissing(resolved.hostPath);
  throw new WasiError(stat === undefined ? Errno.NOENT : stat.isDirectory() ? Errno.EXIST : Errno.NOTDIR);
}

export function path_create_directory(ctx: WasiContext, fd: number, pathPtr: number, pathLen: number): number {
  const { dir, path } = resolve(ctx, fd, Rights.PATH_CREATE_DIRECTORY, pathPtr, pathLen);
  createDirectoryAt(dir, path);
  return Errno.SUCCESS;
}

export function createDirectoryAt(dir: DirectoryHandle, guestPath: string, escapeErrno?: Errno): void {
  const resolved = resolveParent(dir, guestPath, escapeErrno);
  try {
    if (resolved.name === '.') throw new WasiError(Errno.EXIST);
    mkdirSync(resolved.hostPath, 0o777);
  } finally {
    resolved.release();
  }
}

export function path_remove_directory(ctx: WasiContext, fd: number, pathPtr: number, pathLen: number): number {
  const { dir, path } = resolve(ctx, fd, Rights.PATH_REMOVE_DIRECTORY, pathPtr, pathLen);
  removeDirectoryAt(dir, path);
  return Errno.SUCCESS;
}

export function removeDirectoryAt(dir: DirectoryHandle, guestPath: string, escapeErrno?: Errno): void {
  const resolved = resolveParent(dir, guestPath, escapeErrno);
  try {
    // rmdir(".") is EINVAL in POSIX; it also keeps the starting directory itself out of reach.
    if (resolved.name === '.') throw new WasiError(Errno.INVAL);
    requireDirectoryIfSlashed(resolved);
    rmdirSync(resolved.hostPath);
  } finally {
    resolved.release();
  }
}

export function path_unlink_file(ctx: WasiContext, fd: number, pathPtr: number, pathLen: number): number {
  const { dir, path } = resolve(ctx, fd, Rights.PATH_UNLINK_FILE, pathPtr, pathLen);
  unlinkFileAt(dir, path);
  return Errno.SUCCESS;
}

export function unlinkFileAt(dir: DirectoryHandle, guestPath: string, escapeErrno?: Errno): void {
  const resolved = resolveParent(dir, guestPath, escapeErrno);
  try {
    if (resolved.name === '.') throw new WasiError(Errno.ISDIR);
    if (resolved.trailingSlash) {
      const stat = lstatOrMissing(resolved.hostPath);
      if (stat !== undefined) throw new WasiError(stat.isDirectory() ? Errno.ISDIR : Errno.NOTDIR);
    }
    unlinkSync(resolved.hostPath);
  } finally {
    resolved.release();
  }
}

export function path_rename(ctx: WasiContext, fd: number, oldPathPtr: number, oldPathLen: number, newFd: number, newPathPtr: number, newPathLen: number): number {
  const from = resolve(ctx, fd, Rights.PATH_RENAME_SOURCE, oldPathPtr, oldPathLen);
  const to = resolve(ctx, newFd, Rights.PATH_RENAME_TARGET, newPathPtr, newPathLen);
  renameAt(from.dir, from.path, to.dir, to.path);
  return Errno.SUCCESS;
}

export function renameAt(dir: DirectoryHandle, guestPath: string, newDir: DirectoryHandle, newGuestPath: string, escapeErrno?: Errno): void {
  const source = resolveParent(dir, guestPath, escapeErrno);
  try {
    const target = resolveParent(newDir, newGuestPath, escapeErrno);
    try {
      if (source.name === '.' || target.name === '.') throw new WasiError(Errno.BUSY);
      if (source.trailingSlash || target.trailingSlash) {
        // Either name ending in "/" means both must be directories.
        const stat = lstatSync(source.hostPath);
        if (!stat.isDirectory()) throw new WasiError(Errno.NOTDIR);
        requireDirectoryIfSlashed(target);
      }
      renameSync(source.hostPath, target.hostPath);
    } finally {
      target.release();
    }
  } finally {
    source.release();
  }
}

/**
 * The link's contents are stored as given; absolute targets are refused (they could only ever
 * point outside). Relative targets are fine to store: following one is resolved beneath the root.
 */
export function path_symlink(ctx: WasiContext, oldPathPtr: number, oldPathLen: number, fd: number, newPathPtr: number, newPathLen: number): number {
  const contents = ctx.memory.readString(oldPathPtr, oldPathLen);
  const { dir, path } = resolve(ctx, fd, Rights.PATH_SYMLINK, newPathPtr, newPathLen);
  symlinkAt(contents, dir, path);
  return Errno.SUCCESS;
}

export function symlinkAt(contents: string, dir: DirectoryHandle, guestPath: string, escapeErrno: Errno = Errno.NOTCAPABLE): void {
  const resolved = resolveParent(dir, guestPath, escapeErrno);
  try {
    if (contents.includes('\0')) throw new WasiError(Errno.INVAL);
    if (contents.startsWith('/')) throw new WasiError(escapeErrno);
    if (contents.length === 0) throw new WasiError(Errno.NOENT);
    if (resolved.name === '.') throw new WasiError(Errno.EXIST);
    refuseSlashedNewName(resolved);
    symlinkSync(contents, resolved.hostPath);
  } finally {
    resolved.release();
  }
}

/**
 * A hard link to the final component itself: link(2) never follows a source symlink, and following
 * one (LOOKUPFLAGS_SYMLINK_FOLLOW) is refused with EINVAL as wasmtime does, so a link to something
 * outside cannot be made.
 */
export function path_link(ctx: WasiContext, oldFd: number, oldFlags: number, oldPathPtr: number, oldPathLen: number, newFd: number, newPathPtr: number, newPathLen: number): number {
  if ((oldFlags & ~ALL_LOOKUPFLAGS) !== 0 || (oldFlags & Lookupflags.SYMLINK_FOLLOW) !== 0) throw new WasiError(Errno.INVAL);
  const from = resolve(ctx, oldFd, Rights.PATH_LINK_SOURCE, oldPathPtr, oldPathLen);
  const to = resolve(ctx, newFd, Rights.PATH_LINK_TARGET, newPathPtr, newPathLen);
  linkAt(from.dir, from.path, to.dir, to.path);
  return Errno.SUCCESS;
}

/** A hard link to the final component itself (never followed). */
export function linkAt(dir: DirectoryHandle, guestPath: string, newDir: DirectoryHandle, newGuestPath: string, escapeErrno?: Errno): void {
  const source = resolveParent(dir, guestPath, escapeErrno);
  try {
    const target = resolveParent(newDir, newGuestPath, escapeErrno);
    try {
      if (source.name === '.') throw new WasiError(Errno.PERM);
      if (target.name === '.') throw new WasiError(Errno.EXIST);
      requireDirectoryIfSlashed(source);
      if (source.trailingSlash) throw new WasiError(Errno.PERM);
      refuseSlashedNewName(target);
      linkSync(source.hostPath, target.hostPath);
    } finally {
      target.release();
    }
  } finally {
    source.release();
  }
}
