import { fstatSync, readSync, writeSync } from 'node:fs';
import type { WasiContext } from '../context.js';
import type { FdEntry } from '../fd/entry.js';
import { WasiError } from '../failures.js';
import type { GuestMemory } from '../memory/guest-memory.js';
import { wasiErrno } from '../fs/native-addon.js';
import { nativeIo } from '../fs/sandbox.js';
import { Errno, Fdflags, IOVEC_SIZE, Rights, Whence } from './spec.js';

/** The addon's limit (Linux's IOV_MAX); longer lists take the loop. */
const MAX_NATIVE_IOVECS = 1024;

// readInto and writeFrom are two loops on purpose: they are the hot path of every guest read and
// write, and a shared loop taking the transfer as a callback costs a call per iovec.

/** Checks every iovec against guest memory (the addon checks again) before one preadv/pwritev on a host file. */
function transferNative(write: boolean, hostFd: number, memory: GuestMemory, list: number, count: number, position: number): number {
  const view = memory.view;
  for (let i = 0; i < count; i++) memory.check(view.getUint32(list + i * IOVEC_SIZE, true), view.getUint32(list + i * IOVEC_SIZE + 4, true), 1);
  const n = write ? nativeIo!.pwritev(hostFd, memory.u8, list, count, position) : nativeIo!.preadv(hostFd, memory.u8, list, count, position);
  if (n < 0) throw new WasiError(wasiErrno(n));
  return n;
}

/** Reads into each iovec in turn from `position` (or the stream); stops at a short read. */
function readInto(entry: FdEntry, memory: GuestMemory, iovs: number, iovsLen: number, position: number): number {
  const count = iovsLen >>> 0;
  const list = memory.check(iovs, count * IOVEC_SIZE, 4);
  if (nativeIo !== undefined && entry.stdio === undefined && count <= MAX_NATIVE_IOVECS) return transferNative(false, entry.hostFd, memory, list, count, position);
  const view = memory.view;
  let total = 0;
  for (let i = 0; i < count; i++) {
    const buf = view.getUint32(list + i * IOVEC_SIZE, true);
    const len = view.getUint32(list + i * IOVEC_SIZE + 4, true);
    memory.check(buf, len, 1);
    const n = entry.stdio !== undefined ? entry.stdio.read(memory.u8, buf, len) : readSync(entry.hostFd, memory.u8, buf, len, position + total);
    total += n;
    if (n < len) break;
  }
  return total;
}

/** Writes each iovec in turn at `position` (or to the stream); stops at a short write. */
function writeFrom(entry: FdEntry, memory: GuestMemory, iovs: number, iovsLen: number, position: number): number {
  const count = iovsLen >>> 0;
  const list = memory.check(iovs, count * IOVEC_SIZE, 4);
  if (nativeIo !== undefined && entry.stdio === undefined && count <= MAX_NATIVE_IOVECS) return transferNative(true, entry.hostFd, memory, list, count, position);
  const view = memory.view;
  let total = 0;
  for (let i = 0; i < count; i++) {
    const buf = view.getUint32(list + i * IOVEC_SIZE, true);
    const len = view.getUint32(list + i * IOVEC_SIZE + 4, true);
    memory.check(buf, len, 1);
    const n = entry.stdio !== undefined ? entry.stdio.write(memory.u8, buf, len) : writeSync(entry.hostFd, memory.u8, buf, len, position + total);
    total += n;
    if (n < len) break;
  }
  return total;
}

export function fd_read(ctx: WasiContext, fd: number, iovs: number, iovsLen: number, nreadPtr: number): number {
  const entry = ctx.fds.getFile(fd, Rights.FD_READ);
  const n = readInto(entry, ctx.memory, iovs, iovsLen, entry.position);
  if (entry.stdio === undefined) entry.position += n;
  ctx.memory.setU32(nreadPtr, n);
  return Errno.SUCCESS;
}

export function fd_write(ctx: WasiContext, fd: number, iovs: number, iovsLen: number, nwrittenPtr: number): number {
  const entry = ctx.fds.getFile(fd, Rights.FD_WRITE);
  // Batched stdout/stderr bytes go out before anything written elsewhere (a batched stream orders itself).
  if (ctx.output.pending !== undefined && entry.stdio?.isBatched !== true) ctx.output.flush();
  // FDFLAGS_APPEND: every write goes to the current end of the file.
  if (entry.stdio === undefined && (entry.fdflags & Fdflags.APPEND) !== 0) entry.position = fstatSync(entry.hostFd).size;
  const n = writeFrom(entry, ctx.memory, iovs, iovsLen, entry.position);
  if (entry.stdio === undefined) entry.position += n;
  ctx.memory.setU32(nwrittenPtr, n);
  return Errno.SUCCESS;
}

/** A file that has a position: streams are ESPIPE before rights are checked (they never carry FD_SEEK/FD_TELL). */
function seekable(ctx: WasiContext, fd: number, rights: number): FdEntry {
  const entry = ctx.fds.getFile(fd, 0);
  if (entry.stdio !== undefined) throw new WasiError(Errno.SPIPE);
  return ctx.fds.get(fd, rights);
}

/** A file offset from the guest's u64, or EINVAL when it cannot be one. */
function offsetArg(offset: bigint): number {
  if (offset < 0n || offset > BigInt(Number.MAX_SAFE_INTEGER)) throw new WasiError(Errno.INVAL);
  return Number(offset);
}

export function fd_pread(ctx: WasiContext, fd: number, iovs: number, iovsLen: number, offset: bigint, nreadPtr: number): number {
  const entry = seekable(ctx, fd, Rights.FD_READ | Rights.FD_SEEK);
  const n = readInto(entry, ctx.memory, iovs, iovsLen, offsetArg(BigInt.asUintN(64, offset)));
  ctx.memory.setU32(nreadPtr, n);
  return Errno.SUCCESS;
}

export function fd_pwrite(ctx: WasiContext, fd: number, iovs: number, iovsLen: number, offset: bigint, nwrittenPtr: number): number {
  const entry = seekable(ctx, fd, Rights.FD_WRITE | Rights.FD_SEEK);
  const n = writeFrom(entry, ctx.memory, iovs, iovsLen, offsetArg(BigInt.asUintN(64, offset)));
  ctx.memory.setU32(nwrittenPtr, n);
  return Errno.SUCCESS;
}

/** fd_seek with preview1's whence numbering; `unstable.ts` maps snapshot 0's onto it. */
export function seek(ctx: WasiContext, fd: number, offset: bigint, whence: number, newOffsetPtr: number): number {
  if (whence !== Whence.SET && whence !== Whence.CUR && whence !== Whence.END) throw new WasiError(Errno.INVAL);
  // Asking where we are needs only FD_TELL (as wasmtime and uvwasi do); moving needs FD_SEEK.
  const rights = offset === 0n && whence === Whence.CUR ? Rights.FD_TELL : Rights.FD_SEEK | Rights.FD_TELL;
  const entry = seekable(ctx, fd, rights);
  const base = whence === Whence.SET ? 0 : whence === Whence.CUR ? entry.position : fstatSync(entry.hostFd).size;
  const target = BigInt(base) + offset;
  if (target < 0n) throw new WasiError(Errno.INVAL);
  if (target > BigInt(Number.MAX_SAFE_INTEGER)) throw new WasiError(Errno.OVERFLOW);
  entry.position = Number(target);
  ctx.memory.setU64Number(newOffsetPtr, entry.position);
  return Errno.SUCCESS;
}

export function fd_seek(ctx: WasiContext, fd: number, offset: bigint, whence: number, newOffsetPtr: number): number {
  return seek(ctx, fd, offset, whence, newOffsetPtr);
}

export function fd_tell(ctx: WasiContext, fd: number, offsetPtr: number): number {
  const entry = seekable(ctx, fd, Rights.FD_TELL);
  ctx.memory.setU64Number(offsetPtr, entry.position);
  return Errno.SUCCESS;
}
