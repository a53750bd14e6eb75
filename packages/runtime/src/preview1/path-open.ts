import { constants } from 'node:fs';
import type { WasiContext } from '../context.js';
import { FdEntry, FILETYPE_UNREAD } from '../fd/entry.js';
import { WasiError } from '../failures.js';
import { openBeneathOrErrno } from '../fs/beneath.js';
import { hostStat } from '../fs/host-stat.js';
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
  let flags = write ? (read ? constants.O_RDWR : constants.O_WRONLY) : constants.O_RDONLY;
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
  const guestPath = ctx.memory.readPath(pathPtr, pathLen);

  const follow = (dirflags & Lookupflags.SYMLINK_FOLLOW) !== 0;
  const opened = openBeneathOrErrno(dir, guestPath, { flags: hostOpenFlags(oflags, fdflags, base), follow, escapeErrno: Errno.PERM });
  if (typeof opened === 'number') return opened;
  const entry = hostStat.isDirectory
    ? new FdEntry('directory', opened.fd, Filetype.DIRECTORY, base & DIRECTORY_RIGHTS, inheriting, opened.hostPath)
    : new FdEntry('file', opened.fd, hostStat.mode === 0 ? FILETYPE_UNREAD : hostStat.filetype, base & FILE_RIGHTS, inheriting);
  entry.hostOpener = opened.opener;
  entry.fdflags = entry.kind === 'file' ? fdflags : 0;
  ctx.memory.setU32(openedFdPtr, ctx.fds.insert(entry));
  return Errno.SUCCESS;
}
