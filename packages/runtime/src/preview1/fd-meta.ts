import { fdatasyncSync, fstatSync, fsyncSync, ftruncateSync } from 'node:fs';
import type { WasiContext } from '../context.js';
import { WasiError } from '../failures.js';
import { filetypeOf, writeEmptyFilestat, writeFilestat } from '../fs/filestat.js';
import { hostStat } from '../fs/host-stat.js';
import { FilestatFlags, wasiErrno } from '../fs/native-addon.js';
import { nativeIo } from '../fs/sandbox.js';
import { checkAdviceLength, fileSizeFromGuest } from '../memory/guest-numbers.js';
import { setTimes, validateFstflags } from '../fs/timestamps.js';
import { rightsArg } from './rights-arg.js';
import { Access, type FdEntry } from '../fd/entry.js';
import { mutable } from '../fd/table.js';
import {
  Advice, ALL_FDFLAGS, ALL_RIGHTS, Errno, Fdflags, Fdstat, Filestat, type FilestatLayout, PREOPEN_RIGHTS_BASE,
  PREOPEN_RIGHTS_INHERITING, Rights,
} from './spec.js';

export function fd_close(ctx: WasiContext, fd: number): number {
  ctx.fds.close(fd);
  return Errno.SUCCESS;
}

export function fd_renumber(ctx: WasiContext, from: number, to: number): number {
  ctx.fds.renumber(from, to);
  return Errno.SUCCESS;
}

/**
 * The rights fd_fdstat_get reports, as wasmtime computes them (they are not enforced): stdio has
 * only its direction's, a preopen the fixed set userlands expect, anything else every right but
 * those its access mode or kind rules out.
 */
function reportedRights(entry: FdEntry): [base: number, inheriting: number] {
  if (entry.kind === 'stdio') {
    const right = entry.access === Access.READ ? Rights.FD_READ : Rights.FD_WRITE;
    return [right, right];
  }
  if (entry.preopenPath !== undefined) return [PREOPEN_RIGHTS_BASE, PREOPEN_RIGHTS_INHERITING];
  let base = ALL_RIGHTS;
  if (entry.kind === 'directory') base &= ~(Rights.FD_SEEK | Rights.FD_FILESTAT_SET_SIZE | Rights.PATH_FILESTAT_SET_SIZE);
  if ((entry.access & Access.READ) === 0) base &= ~(Rights.FD_READ | Rights.FD_READDIR);
  if ((entry.access & Access.WRITE) === 0) base &= ~Rights.FD_WRITE;
  return [base, base];
}

export function fd_fdstat_get(ctx: WasiContext, fd: number, statPtr: number): number {
  const entry = ctx.fds.get(fd);
  const memory = ctx.memory;
  const p = memory.check(statPtr, Fdstat.SIZE, 8);
  const [base, inheriting] = reportedRights(entry);
  memory.u8.fill(0, p, p + Fdstat.SIZE);
  memory.view.setUint8(p + Fdstat.FILETYPE, entry.filetype);
  memory.view.setUint16(p + Fdstat.FLAGS, entry.fdflags, true);
  memory.view.setBigUint64(p + Fdstat.RIGHTS_BASE, BigInt(base), true);
  memory.view.setBigUint64(p + Fdstat.RIGHTS_INHERITING, BigInt(inheriting), true);
  return Errno.SUCCESS;
}

/** Only APPEND and NONBLOCK can change after open; the sync flags cannot (wasmtime: EINVAL); a directory or stdio is EBADF (wasmtime). */
export function fd_fdstat_set_flags(ctx: WasiContext, fd: number, flags: number): number {
  if ((flags & ~ALL_FDFLAGS) !== 0) throw new WasiError(Errno.INVAL);
  const entry = ctx.fds.getOpenedFile(fd);
  if ((flags & (Fdflags.DSYNC | Fdflags.RSYNC | Fdflags.SYNC)) !== 0) throw new WasiError(Errno.INVAL);
  entry.fdflags = flags;
  return Errno.SUCCESS;
}

/** Rights cannot be changed, as in wasmtime: ENOTSUP for an open fd (the WASI testsuite then skips its rights tests). */
export function fd_fdstat_set_rights(ctx: WasiContext, fd: number, rightsBase: bigint, rightsInheriting: bigint): number {
  rightsArg(rightsBase);
  rightsArg(rightsInheriting);
  ctx.fds.get(fd);
  return Errno.NOTSUP;
}

/** fd_filestat_get in a given layout (`unstable.ts` passes snapshot 0's). */
export function fdFilestat(ctx: WasiContext, fd: number, bufPtr: number, layout: FilestatLayout): number {
  const entry = ctx.fds.get(fd);
  const hostFd = entry.hostFd;
  // stdio is all zeros but its filetype, as in wasmtime: nothing about the host's terminal or
  // redirected file (its inode, size, times) reaches the guest.
  if (entry.stdio !== undefined) writeEmptyFilestat(ctx.memory, bufPtr, entry.filetype, layout);
  else if (nativeIo !== undefined && ctx.memory.fits(bufPtr, layout.SIZE, 8)) {
    // One fstat that writes the guest's filestat itself (checked here and by the addon): no
    // BigInt stats object, no copy.
    const filetype = nativeIo.filestatFd(hostFd, ctx.memory.u8, layout.NLINK_BYTES === 4 ? FilestatFlags.UNSTABLE : 0, bufPtr >>> 0);
    if (filetype < 0) return wasiErrno(filetype);
    entry.learnFiletype(filetype);
  } else if (nativeIo !== undefined) {
    // Does not fit: the stat first, then hostStat.write's Trap, as on every strategy.
    const result = nativeIo.statFd(hostFd, hostStat.words);
    if (result < 0) return wasiErrno(result);
    hostStat.write(ctx.memory, bufPtr, layout);
  } else {
    const stat = fstatSync(hostFd, { bigint: true });
    entry.learnFiletype(filetypeOf(stat));
    writeFilestat(ctx.memory, bufPtr, stat, layout);
  }
  return Errno.SUCCESS;
}

export function fd_filestat_get(ctx: WasiContext, fd: number, bufPtr: number): number {
  return fdFilestat(ctx, fd, bufPtr, Filestat);
}

export function fd_filestat_set_size(ctx: WasiContext, fd: number, size: bigint): number {
  const entry = mutable(ctx.fds.getOpenedFile(fd));
  const length = fileSizeFromGuest(size);
  // The addon's ftruncate where there is one: Node's ftruncateSync costs about a microsecond more.
  if (nativeIo === undefined) ftruncateSync(entry.hostFd, length);
  else {
    const result = nativeIo.truncateFd(entry.hostFd, length);
    if (result < 0) return wasiErrno(result);
  }
  return Errno.SUCCESS;
}

export function fd_filestat_set_times(ctx: WasiContext, fd: number, atim: bigint, mtim: bigint, fstflags: number): number {
  validateFstflags(fstflags);
  // stdio is EBADF (wasmtime): the guest never changes the host's terminal or redirected files.
  const entry = mutable(ctx.fds.get(fd));
  if (entry.stdio !== undefined) throw new WasiError(Errno.BADF);
  setTimes({ hostFd: entry.hostFd }, atim, mtim, fstflags);
  return Errno.SUCCESS;
}

/** Advice is only a hint (Node cannot pass it on); the arguments are still checked. */
export function fd_advise(ctx: WasiContext, fd: number, _offset: bigint, len: bigint, advice: number): number {
  if (advice < Advice.NORMAL || advice > Advice.NOREUSE) throw new WasiError(Errno.INVAL);
  ctx.fds.getOpenedFile(fd);
  checkAdviceLength(len);
  return Errno.SUCCESS;
}

/** Not supported, as in wasmtime (whose p1 answers ENOTSUP for every file): the file is left as it is. */
export function fd_allocate(ctx: WasiContext, fd: number, _offset: bigint, _len: bigint): number {
  ctx.fds.getOpenedFile(fd);
  return Errno.NOTSUP;
}

/**
 * fd_sync and fd_datasync, which a database makes several times a transaction: through the addon
 * where there is one, and a directory or stdio is EBADF, as in wasmtime (Linux would sync a
 * directory), returned rather than thrown.
 */
function sync(ctx: WasiContext, fd: number, dataOnly: boolean): number {
  const entry = ctx.fds.openedFileOrErrno(fd);
  if (typeof entry === 'number') return entry;
  if (nativeIo === undefined) (dataOnly ? fdatasyncSync : fsyncSync)(entry.hostFd);
  else {
    const result = nativeIo.syncFd(entry.hostFd, dataOnly);
    if (result < 0) return wasiErrno(result);
  }
  return Errno.SUCCESS;
}

export function fd_sync(ctx: WasiContext, fd: number): number {
  return sync(ctx, fd, false);
}

export function fd_datasync(ctx: WasiContext, fd: number): number {
  return sync(ctx, fd, true);
}
