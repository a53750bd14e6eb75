import { constants } from 'node:fs';
import type { WasiContext } from '../context.js';
import { Access, FdEntry, FILETYPE_UNREAD } from '../fd/entry.js';
import { mutable } from '../fd/table.js';
import { WasiError } from '../failures.js';
import { openBeneathOrErrno } from '../fs/beneath.js';
import { hostStat } from '../fs/host-stat.js';
import { rightsArg } from './rights-arg.js';
import { ALL_FDFLAGS, ALL_LOOKUPFLAGS, ALL_OFLAGS, Errno, Fdflags, Filetype, Lookupflags, Oflags, Rights } from './spec.js';

/**
 * The access a path_open gets, as wasmtime decides it (crates/wasi/src/filesystem.rs `open_at`):
 * FD_WRITE, O_CREAT and O_TRUNC write; FD_READ reads, and so does an open without FD_WRITE.
 */
function openAccess(oflags: number, rightsBase: number): number {
  const writes = (rightsBase & Rights.FD_WRITE) !== 0 || (oflags & (Oflags.CREAT | Oflags.TRUNC)) !== 0;
  const reads = (rightsBase & Rights.FD_READ) !== 0 || (rightsBase & Rights.FD_WRITE) === 0;
  return (reads ? Access.READ : 0) | (writes ? Access.WRITE : 0);
}

/** Host open(2) flags for a guest's oflags, fdflags and access. */
function hostOpenFlags(oflags: number, fdflags: number, access: number): number {
  // A directory opened for writing fails in the host with EISDIR, as in wasmtime and the WASI testsuite.
  let flags = access === Access.READ ? constants.O_RDONLY : access === Access.WRITE ? constants.O_WRONLY : constants.O_RDWR;
  if ((oflags & Oflags.CREAT) !== 0) flags |= constants.O_CREAT;
  if ((oflags & Oflags.EXCL) !== 0) flags |= constants.O_EXCL;
  if ((oflags & Oflags.TRUNC) !== 0) flags |= constants.O_TRUNC;
  if ((oflags & Oflags.DIRECTORY) !== 0) flags |= constants.O_DIRECTORY;
  // FDFLAGS_APPEND is emulated in fd_write (the host fd has no O_APPEND), so fd_fdstat_set_flags can turn it off again.
  if ((fdflags & Fdflags.NONBLOCK) !== 0) flags |= constants.O_NONBLOCK;
  return flags;
}

/**
 * path_open. Rights decide only the access mode (`openAccess`); they are not checked against the
 * directory's, as in wasmtime (guests open a directory with rights 0 and then open files in it).
 * Beneath a read-only grant, creating, truncating or opening for writing is EPERM, so no host fd
 * is ever opened for writing there. Leaving the directory (absolute path, `..` above it, a symlink
 * out) is EPERM, as in wasmtime and the WASI testsuite.
 */
export function path_open(
  ctx: WasiContext, fd: number, dirflags: number, pathPtr: number, pathLen: number, oflags: number,
  rightsBase: bigint, rightsInheriting: bigint, fdflags: number, openedFdPtr: number,
): number {
  if ((dirflags & ~ALL_LOOKUPFLAGS) !== 0 || (oflags & ~ALL_OFLAGS) !== 0 || (fdflags & ~ALL_FDFLAGS) !== 0) throw new WasiError(Errno.INVAL);
  const access = openAccess(oflags, rightsArg(rightsBase));
  rightsArg(rightsInheriting);
  const dir = ctx.fds.getDirectory(fd, Errno.NOTDIR);
  // The sync flags are ENOTSUP, as in wasmtime (cap-primitives cannot open with them).
  if ((fdflags & (Fdflags.DSYNC | Fdflags.RSYNC | Fdflags.SYNC)) !== 0) throw new WasiError(Errno.NOTSUP);
  const opensDirectory = (oflags & Oflags.DIRECTORY) !== 0;
  if (opensDirectory && (oflags & (Oflags.CREAT | Oflags.EXCL | Oflags.TRUNC)) !== 0) throw new WasiError(Errno.INVAL);
  if ((access & Access.WRITE) !== 0) mutable(dir);
  ctx.memory.check(openedFdPtr, 4, 4);
  const guestPath = ctx.memory.readPath(pathPtr, pathLen);

  const follow = (dirflags & Lookupflags.SYMLINK_FOLLOW) !== 0;
  const opened = openBeneathOrErrno(dir, guestPath, { flags: hostOpenFlags(oflags, fdflags, access), follow });
  if (typeof opened === 'number') return opened;
  // A type not read (mode 0) is a file's when the open writes (a directory would be EISDIR), else either's.
  const isDirectory = hostStat.isDirectory;
  const entry = isDirectory
    ? new FdEntry('directory', opened.fd, Filetype.DIRECTORY, access, dir.readonly, opened.hostPath)
    : hostStat.mode === 0
      ? new FdEntry(access === Access.READ ? undefined : 'file', opened.fd, FILETYPE_UNREAD, access, dir.readonly)
      : new FdEntry('file', opened.fd, hostStat.filetype, access, dir.readonly);
  entry.hostOpener = opened.opener;
  entry.fdflags = isDirectory ? 0 : fdflags;
  ctx.memory.setU32(openedFdPtr, ctx.fds.insert(entry));
  return Errno.SUCCESS;
}
