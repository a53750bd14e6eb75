import { closeSync, constants, fstatSync, openSync, realpathSync } from 'node:fs';
import type { WasiContext } from '../context.js';
import { FdEntry } from '../fd/entry.js';
import { WasiError } from '../failures.js';
import { isNodeSystemError, toWasiError } from '../fs/errno-from-node.js';
import { filetypeOf } from '../fs/filestat.js';
import { assertBeneath, followFinal, procFdAvailable, resolveParent, type DirectoryHandle } from '../fs/path-resolver.js';
import { rightsArg } from './rights-arg.js';
import {
  ALL_FDFLAGS, ALL_LOOKUPFLAGS, ALL_OFLAGS, DIRECTORY_RIGHTS, Errno, Fdflags, FILE_RIGHTS, Filetype, Lookupflags,
  Oflags, READ_ACCESS_RIGHTS, Rights, WRITE_ACCESS_RIGHTS,
} from './spec.js';

/** Host open(2) flags for a guest's oflags, fdflags and the rights the new descriptor gets. */
function hostOpenFlags(oflags: number, fdflags: number, rights: number): number {
  const read = (rights & READ_ACCESS_RIGHTS) !== 0;
  // A directory asked for with write access fails in the host with EISDIR, as the WASI testsuite expects.
  const write = (rights & WRITE_ACCESS_RIGHTS) !== 0;
  // The resolver follows symlinks itself, so the host never does.
  let flags = (write ? (read ? constants.O_RDWR : constants.O_WRONLY) : constants.O_RDONLY) | constants.O_NOFOLLOW;
  if ((oflags & Oflags.CREAT) !== 0) flags |= constants.O_CREAT;
  if ((oflags & Oflags.EXCL) !== 0) flags |= constants.O_EXCL;
  if ((oflags & Oflags.TRUNC) !== 0) flags |= constants.O_TRUNC;
  if ((oflags & Oflags.DIRECTORY) !== 0) flags |= constants.O_DIRECTORY;
  // FDFLAGS_APPEND is emulated in fd_write (the host fd has no O_APPEND), so fd_fdstat_set_flags can turn it off again.
  if ((fdflags & Fdflags.DSYNC) !== 0) flags |= constants.O_DSYNC;
  if ((fdflags & (Fdflags.SYNC | Fdflags.RSYNC)) !== 0) flags |= constants.O_SYNC;
  if ((fdflags & Fdflags.NONBLOCK) !== 0) flags |= constants.O_NONBLOCK;
  return flags;
}

/**
 * path_open. The new descriptor's rights are what was asked for AND what the directory passes on
 * (rights only shrink); asking for write access a directory cannot pass on is ENOTCAPABLE, so a
 * read-only preopen never yields a host fd open for writing. Leaving the directory (absolute path,
 * `..` above it, a symlink out) is EPERM, as in wasmtime and the WASI testsuite.
 */
export function path_open(
  ctx: WasiContext, fd: number, dirflags: number, pathPtr: number, pathLen: number, oflags: number,
  rightsBase: bigint, rightsInheriting: bigint, fdflags: number, openedFdPtr: number,
): number {
  if ((dirflags & ~ALL_LOOKUPFLAGS) !== 0 || (oflags & ~ALL_OFLAGS) !== 0 || (fdflags & ~ALL_FDFLAGS) !== 0) throw new WasiError(Errno.INVAL);
  const requestedBase = rightsArg(rightsBase);
  const requestedInheriting = rightsArg(rightsInheriting);
  let needed = Rights.PATH_OPEN;
  if ((oflags & Oflags.CREAT) !== 0) needed |= Rights.PATH_CREATE_FILE;
  const dir = ctx.fds.getDirectory(fd, needed);
  // Truncating without PATH_FILESTAT_SET_SIZE is EPERM (wasmtime; the WASI testsuite's truncation_rights).
  if ((oflags & Oflags.TRUNC) !== 0 && (dir.rightsBase & Rights.PATH_FILESTAT_SET_SIZE) === 0) throw new WasiError(Errno.PERM);
  const opensDirectory = (oflags & Oflags.DIRECTORY) !== 0;
  if (!opensDirectory && (requestedBase & WRITE_ACCESS_RIGHTS & ~dir.rightsInheriting) !== 0) throw new WasiError(Errno.NOTCAPABLE);
  const base = requestedBase & dir.rightsInheriting;
  const inheriting = requestedInheriting & dir.rightsInheriting;
  ctx.memory.check(openedFdPtr, 4, 4);
  if ((oflags & Oflags.CREAT) !== 0 && opensDirectory) throw new WasiError(Errno.INVAL);
  const guestPath = ctx.memory.readString(pathPtr, pathLen);

  const flags = hostOpenFlags(oflags, fdflags, base);
  const { hostFd, openedPath } = openBeneath(dir, guestPath, flags, { create: (oflags & Oflags.CREAT) !== 0, follow: (dirflags & Lookupflags.SYMLINK_FOLLOW) !== 0 }, Errno.PERM);

  let entry: FdEntry;
  try {
    const stat = fstatSync(hostFd);
    entry = stat.isDirectory()
      ? new FdEntry('directory', hostFd, Filetype.DIRECTORY, base & DIRECTORY_RIGHTS, inheriting, procFdAvailable ? '' : openedPath)
      : new FdEntry('file', hostFd, filetypeOf(stat), base & FILE_RIGHTS, inheriting);
  } catch (error) {
    closeSync(hostFd);
    throw toWasiError(error);
  }
  entry.fdflags = entry.kind === 'file' ? fdflags : 0;
  ctx.memory.setU32(openedFdPtr, ctx.fds.insert(entry));
  return Errno.SUCCESS;
}

/**
 * Opens a guest path beneath `dir` with host open(2) `flags` (O_NOFOLLOW always: the resolver
 * expands links itself, and only while they stay inside). A trailing slash demands a directory and
 * never creates one. Shared with the component host's open-at.
 */
export function openBeneath(dir: DirectoryHandle, guestPath: string, flags: number, how: { create: boolean; follow: boolean }, escapeErrno: Errno): { hostFd: number; openedPath: string } {
  const resolved = resolveParent(dir, guestPath, escapeErrno);
  try {
    if (resolved.trailingSlash) {
      // "name/" must be a directory; a trailing slash never creates one.
      if (how.create) throw new WasiError(Errno.ISDIR);
      flags |= constants.O_DIRECTORY;
    }
    const follow = how.follow || resolved.trailingSlash;
    let hostFd: number;
    for (;;) {
      try {
        hostFd = openSync(resolved.hostPath, flags | constants.O_NOFOLLOW, 0o666);
        break;
      } catch (error) {
        const symlinkLike = isNodeSystemError(error) && (error.code === 'ELOOP' || error.code === 'ENOTDIR' || error.code === 'EMLINK');
        if (symlinkLike && follow && followFinal(resolved)) continue;
        throw toWasiError(error);
      }
    }
    const openedPath = resolved.hostPath;
    if (!procFdAvailable) {
      try {
        assertBeneath(realpathSync(dir.hostPath), realpathSync(openedPath));
      } catch (error) {
        closeSync(hostFd);
        throw toWasiError(error);
      }
    }
    return { hostFd, openedPath };
  } finally {
    resolved.release();
  }
}
