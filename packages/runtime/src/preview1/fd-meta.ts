import { fdatasyncSync, fstatSync, fsyncSync, ftruncateSync } from 'node:fs';
import type { WasiContext } from '../context.js';
import { WasiError } from '../failures.js';
import { writeEmptyFilestat, writeFilestat } from '../fs/filestat.js';
import { hostStat } from '../fs/host-stat.js';
import { FilestatFlags, wasiErrno } from '../fs/native-addon.js';
import { nativeIo } from '../fs/sandbox.js';
import { allocationEnd, checkAdviceLength, fileSizeFromGuest } from '../memory/guest-numbers.js';
import { setTimes, validateFstflags } from '../fs/timestamps.js';
import { rightsArg } from './rights-arg.js';
import { Advice, ALL_FDFLAGS, Errno, Fdflags, Fdstat, Filestat, type FilestatLayout, Rights } from './spec.js';

export function fd_close(ctx: WasiContext, fd: number): number {
  ctx.fds.close(fd);
  return Errno.SUCCESS;
}

export function fd_renumber(ctx: WasiContext, from: number, to: number): number {
  ctx.fds.renumber(from, to);
  return Errno.SUCCESS;
}

export function fd_fdstat_get(ctx: WasiContext, fd: number, statPtr: number): number {
  const entry = ctx.fds.get(fd, 0);
  const memory = ctx.memory;
  const p = memory.check(statPtr, Fdstat.SIZE, 8);
  memory.u8.fill(0, p, p + Fdstat.SIZE);
  memory.view.setUint8(p + Fdstat.FILETYPE, entry.filetype);
  memory.view.setUint16(p + Fdstat.FLAGS, entry.fdflags, true);
  memory.view.setBigUint64(p + Fdstat.RIGHTS_BASE, BigInt(entry.rightsBase), true);
  memory.view.setBigUint64(p + Fdstat.RIGHTS_INHERITING, BigInt(entry.rightsInheriting), true);
  return Errno.SUCCESS;
}

/** Only APPEND and NONBLOCK can change after open; the sync flags cannot (wasmtime: EINVAL). */
export function fd_fdstat_set_flags(ctx: WasiContext, fd: number, flags: number): number {
  if ((flags & ~ALL_FDFLAGS) !== 0) throw new WasiError(Errno.INVAL);
  const entry = ctx.fds.get(fd, Rights.FD_FDSTAT_SET_FLAGS);
  if ((flags & (Fdflags.DSYNC | Fdflags.RSYNC | Fdflags.SYNC)) !== (entry.fdflags & (Fdflags.DSYNC | Fdflags.RSYNC | Fdflags.SYNC))) {
    throw new WasiError(Errno.INVAL);
  }
  entry.fdflags = flags;
  return Errno.SUCCESS;
}

/** Rights only shrink: asking for a right the descriptor lacks is ENOTCAPABLE. */
export function fd_fdstat_set_rights(ctx: WasiContext, fd: number, rightsBase: bigint, rightsInheriting: bigint): number {
  const base = rightsArg(rightsBase);
  const inheriting = rightsArg(rightsInheriting);
  const entry = ctx.fds.get(fd, base, inheriting);
  entry.rightsBase = base;
  entry.rightsInheriting = inheriting;
  return Errno.SUCCESS;
}

/** fd_filestat_get in a given layout (`unstable.ts` passes snapshot 0's). */
export function fdFilestat(ctx: WasiContext, fd: number, bufPtr: number, layout: FilestatLayout): number {
  const entry = ctx.fds.get(fd, Rights.FD_FILESTAT_GET);
  const hostFd = entry.stdio !== undefined ? entry.stdio.hostFd : entry.hostFd;
  if (hostFd < 0) writeEmptyFilestat(ctx.memory, bufPtr, entry.filetype, layout);
  else if (entry.stdio !== undefined) writeFilestat(ctx.memory, bufPtr, fstatSync(hostFd, { bigint: true }), layout, entry.filetype);
  else if (nativeIo !== undefined && ctx.memory.fits(bufPtr, layout.SIZE, 8)) {
    // One fstat that writes the guest's filestat itself (checked here and by the addon): no
    // BigInt stats object, no copy.
    const result = nativeIo.filestatFd(hostFd, ctx.memory.u8, layout.NLINK_BYTES === 4 ? FilestatFlags.UNSTABLE : 0, bufPtr >>> 0);
    if (result < 0) return wasiErrno(result);
  } else if (nativeIo !== undefined) {
    // Does not fit: the stat first, then hostStat.write's Trap, as on every strategy.
    const result = nativeIo.statFd(hostFd, hostStat.words);
    if (result < 0) return wasiErrno(result);
    hostStat.write(ctx.memory, bufPtr, layout);
  } else writeFilestat(ctx.memory, bufPtr, fstatSync(hostFd, { bigint: true }), layout);
  return Errno.SUCCESS;
}

export function fd_filestat_get(ctx: WasiContext, fd: number, bufPtr: number): number {
  return fdFilestat(ctx, fd, bufPtr, Filestat);
}

export function fd_filestat_set_size(ctx: WasiContext, fd: number, size: bigint): number {
  const entry = ctx.fds.getFile(fd, Rights.FD_FILESTAT_SET_SIZE);
  if (entry.stdio !== undefined) throw new WasiError(Errno.INVAL);
  ftruncateSync(entry.hostFd, fileSizeFromGuest(size));
  return Errno.SUCCESS;
}

export function fd_filestat_set_times(ctx: WasiContext, fd: number, atim: bigint, mtim: bigint, fstflags: number): number {
  validateFstflags(fstflags);
  const entry = ctx.fds.get(fd, Rights.FD_FILESTAT_SET_TIMES);
  const hostFd = entry.stdio !== undefined ? entry.stdio.hostFd : entry.hostFd;
  if (hostFd < 0) throw new WasiError(Errno.BADF);
  setTimes({ hostFd }, atim, mtim, fstflags);
  return Errno.SUCCESS;
}

/** Advice is only a hint (Node cannot pass it on); the arguments are still checked. */
export function fd_advise(ctx: WasiContext, fd: number, _offset: bigint, len: bigint, advice: number): number {
  if (advice < Advice.NORMAL || advice > Advice.NOREUSE) throw new WasiError(Errno.INVAL);
  const entry = ctx.fds.getFile(fd, Rights.FD_ADVISE);
  if (entry.stdio !== undefined) throw new WasiError(Errno.SPIPE);
  checkAdviceLength(len);
  return Errno.SUCCESS;
}

/** posix_fallocate semantics: the file grows to cover [offset, offset+len); it never shrinks. */
export function fd_allocate(ctx: WasiContext, fd: number, offset: bigint, len: bigint): number {
  const entry = ctx.fds.getFile(fd, Rights.FD_ALLOCATE);
  if (entry.stdio !== undefined) throw new WasiError(Errno.SPIPE);
  const end = allocationEnd(offset, len);
  if (end > fstatSync(entry.hostFd).size) ftruncateSync(entry.hostFd, end);
  return Errno.SUCCESS;
}

export function fd_sync(ctx: WasiContext, fd: number): number {
  const entry = ctx.fds.get(fd, Rights.FD_SYNC);
  if (entry.stdio !== undefined) throw new WasiError(Errno.INVAL);
  fsyncSync(entry.hostFd);
  return Errno.SUCCESS;
}

export function fd_datasync(ctx: WasiContext, fd: number): number {
  const entry = ctx.fds.get(fd, Rights.FD_DATASYNC);
  if (entry.stdio !== undefined) throw new WasiError(Errno.INVAL);
  fdatasyncSync(entry.hostFd);
  return Errno.SUCCESS;
}
