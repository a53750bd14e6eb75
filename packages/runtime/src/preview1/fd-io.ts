import { fstatSync, readSync, writeSync } from 'node:fs';
import type { WasiContext } from '../context.js';
import { Access, type FdEntry } from '../fd/entry.js';
import { waitForHost } from '../fd/stdio.js';
import { WasiError } from '../failures.js';
import type { GuestMemory } from '../memory/guest-memory.js';
import { advance, checkReadRange, MAX_FILE_OFFSET, MAX_TRANSFER, offsetFromGuest, type ReadPosition, seekTarget, writableFrom } from '../memory/guest-numbers.js';
import { hostStat } from '../fs/host-stat.js';
import { wasiErrno } from '../fs/native-addon.js';
import { nativeIo } from '../fs/sandbox.js';
import { Errno, Fdflags, IOVEC_SIZE, Whence } from './spec.js';

// readInto and writeFrom are two loops on purpose: they are the hot path of every guest read and
// write, and a shared loop taking the transfer as a callback costs a call per iovec. Lengths and
// positions become host numbers only through memory/guest-numbers.ts.

/**
 * A host file's size (FDFLAGS_APPEND writes, SEEK_END): one fstat, through the addon where there is
 * one (no Stats object per call), as a bigint so a file past 2^53 is exact.
 */
function hostFileSize(hostFd: number): bigint {
  if (nativeIo === undefined) return fstatSync(hostFd, { bigint: true }).size;
  const result = nativeIo.statFd(hostFd, hostStat.words);
  if (result < 0) throw new WasiError(wasiErrno(result));
  return hostStat.size;
}

/** The addon's limit (Linux's IOV_MAX); longer lists take the loops below. */
const MAX_NATIVE_IOVECS = 1024;

/**
 * With the native strategy, a file read or write is one preadv/pwritev straight on guest memory.
 * Returns the bytes moved, or -1 when the loop must do it: a position past 2^53 (a bigint), an
 * empty transfer, or a write that would end past what the host can address (writableFrom's
 * EFBIG and short-write rules live in the loop). The kernel limits one call to MAX_TRANSFER itself.
 * Every non-empty iovec is checked here (a Trap) and again by the addon.
 */
function transferNative(write: boolean, hostFd: number, memory: GuestMemory, list: number, count: number, position: ReadPosition): number {
  if (typeof position !== 'number' || count > MAX_NATIVE_IOVECS) return -1;
  const view = memory.view;
  let requested = 0;
  for (let i = 0; i < count; i++) {
    const len = view.getUint32(list + i * IOVEC_SIZE + 4, true);
    // An empty iovec is skipped wherever it points, as Linux and wasmtime do (the addon too).
    if (len === 0) continue;
    memory.check(view.getUint32(list + i * IOVEC_SIZE, true), len, 1);
    requested += len;
  }
  if (requested === 0 || (write && position + Math.min(requested, MAX_TRANSFER) > MAX_FILE_OFFSET)) return -1;
  const n = write ? nativeIo!.pwritev(hostFd, memory.u8, list, count, position) : nativeIo!.preadv(hostFd, memory.u8, list, count, position);
  if (n < 0) throw new WasiError(wasiErrno(n));
  return n;
}

/**
 * A host stream's side of stdio (a pipe, terminal or socket): the whole iovec list in one
 * readv/writev, as uvwasi does. A non-blocking host fd that is not ready is waited for, as
 * StdioStream does. -1 when the loop must do it (transferNative's cases).
 */
function transferStream(write: boolean, hostFd: number, memory: GuestMemory, list: number, count: number): number {
  for (;;) {
    try {
      return transferNative(write, hostFd, memory, list, count, -1);
    } catch (error) {
      if (!(error instanceof WasiError) || error.errno !== Errno.AGAIN) throw error;
      waitForHost();
    }
  }
}

/** The bytes an iovec list asks for, limited to MAX_TRANSFER as the kernel limits it. */
function requestedBytes(view: DataView, list: number, count: number): number {
  let sum = 0;
  for (let i = 0; i < count && sum < MAX_TRANSFER; i++) sum += view.getUint32(list + i * IOVEC_SIZE + 4, true);
  return Math.min(sum, MAX_TRANSFER);
}

/** Reads into each iovec in turn from `position` (or the stream); stops at a short read or MAX_TRANSFER. */
function readInto(entry: FdEntry, memory: GuestMemory, iovs: number, iovsLen: number, position: ReadPosition): number {
  const count = iovsLen >>> 0;
  const list = memory.check(iovs, count * IOVEC_SIZE, 4);
  const stream = entry.stdio;
  if (nativeIo !== undefined) {
    if (stream === undefined) {
      const n = transferNative(false, entry.hostFd, memory, list, count, position);
      if (n >= 0) return n;
    } else if (stream.hostFd >= 0) {
      const n = transferStream(false, stream.hostFd, memory, list, count);
      if (n >= 0) return n;
    }
  }
  const view = memory.view;
  if (typeof position === 'bigint') checkReadRange(position, requestedBytes(view, list, count));
  let total = 0;
  for (let i = 0; i < count && total < MAX_TRANSFER; i++) {
    const buf = view.getUint32(list + i * IOVEC_SIZE, true);
    const len = view.getUint32(list + i * IOVEC_SIZE + 4, true);
    // An empty iovec is skipped wherever it points, as Linux and wasmtime do.
    if (len === 0) continue;
    memory.check(buf, len, 1);
    const want = Math.min(len, MAX_TRANSFER - total);
    const n = stream !== undefined ? stream.read(memory.u8, buf, want) : readSync(entry.hostFd, memory.u8, buf, want, advance(position, total));
    total += n;
    if (n < want) break;
  }
  return total;
}

/**
 * Writes each iovec in turn at `position` (or to the stream); stops at a short write. A file write
 * is limited as Linux limits it (guest-numbers.ts): nothing is ever written anywhere but `position`.
 */
function writeFrom(entry: FdEntry, memory: GuestMemory, iovs: number, iovsLen: number, position: ReadPosition): number {
  const count = iovsLen >>> 0;
  const list = memory.check(iovs, count * IOVEC_SIZE, 4);
  const stream = entry.stdio;
  if (nativeIo !== undefined) {
    if (stream === undefined) {
      const n = transferNative(true, entry.hostFd, memory, list, count, position);
      if (n >= 0) return n;
    } else if (stream.writesDirectly) {
      const n = transferStream(true, stream.hostFd, memory, list, count);
      if (n >= 0) return n;
    }
  }
  const view = memory.view;
  let total = 0;
  let limit = -1;
  for (let i = 0; i < count; i++) {
    const buf = view.getUint32(list + i * IOVEC_SIZE, true);
    const len = view.getUint32(list + i * IOVEC_SIZE + 4, true);
    if (len === 0) continue;
    memory.check(buf, len, 1);
    // Checked at the first byte to write: an empty write succeeds at any offset, as on Linux.
    if (limit < 0) limit = stream !== undefined ? MAX_TRANSFER : writableFrom(position);
    const want = Math.min(len, limit - total);
    if (want === 0) break;
    const n = stream !== undefined ? stream.write(memory.u8, buf, want) : writeSync(entry.hostFd, memory.u8, buf, want, (position as number) + total);
    total += n;
    if (n < want) break;
  }
  return total;
}

export function fd_read(ctx: WasiContext, fd: number, iovs: number, iovsLen: number, nreadPtr: number): number {
  const entry = ctx.fds.getFile(fd, Access.READ);
  const n = readInto(entry, ctx.memory, iovs, iovsLen, entry.position);
  if (entry.stdio === undefined) entry.position += n;
  ctx.memory.setU32(nreadPtr, n);
  return Errno.SUCCESS;
}

export function fd_write(ctx: WasiContext, fd: number, iovs: number, iovsLen: number, nwrittenPtr: number): number {
  const entry = ctx.fds.getFile(fd, Access.WRITE);
  // Batched stdout/stderr bytes go out before anything written elsewhere (a batched stream orders itself).
  if (ctx.output.pending !== undefined && entry.stdio?.isBatched !== true) ctx.output.flush();
  // FDFLAGS_APPEND: every write goes to the current end of the file.
  if (entry.stdio === undefined && (entry.fdflags & Fdflags.APPEND) !== 0) entry.position = Number(hostFileSize(entry.hostFd));
  const n = writeFrom(entry, ctx.memory, iovs, iovsLen, entry.position);
  if (entry.stdio === undefined) entry.position += n;
  ctx.memory.setU32(nwrittenPtr, n);
  return Errno.SUCCESS;
}

/**
 * A file that has a position, open for `access`: stdio is ESPIPE, as in wasmtime (its
 * `get_seekable`), once it could do the transfer at all (fd_pread on stdout is EBADF).
 */
function seekable(ctx: WasiContext, fd: number, access = 0): FdEntry {
  const entry = ctx.fds.getFile(fd, access);
  if (entry.stdio !== undefined) throw new WasiError(Errno.SPIPE);
  return entry;
}

export function fd_pread(ctx: WasiContext, fd: number, iovs: number, iovsLen: number, offset: bigint, nreadPtr: number): number {
  const entry = seekable(ctx, fd, Access.READ);
  const n = readInto(entry, ctx.memory, iovs, iovsLen, offsetFromGuest(offset));
  ctx.memory.setU32(nreadPtr, n);
  return Errno.SUCCESS;
}

/**
 * Linux's pwrite: on a file opened with FDFLAGS_APPEND the offset, whatever it is, is ignored and
 * the bytes go to the end (wasmtime too); the position stays.
 */
export function fd_pwrite(ctx: WasiContext, fd: number, iovs: number, iovsLen: number, offset: bigint, nwrittenPtr: number): number {
  const entry = seekable(ctx, fd, Access.WRITE);
  const at = (entry.fdflags & Fdflags.APPEND) !== 0 ? Number(hostFileSize(entry.hostFd)) : offsetFromGuest(offset);
  const n = writeFrom(entry, ctx.memory, iovs, iovsLen, at);
  ctx.memory.setU32(nwrittenPtr, n);
  return Errno.SUCCESS;
}

/** fd_seek with preview1's whence numbering; `unstable.ts` maps snapshot 0's onto it. */
export function seek(ctx: WasiContext, fd: number, offset: bigint, whence: number, newOffsetPtr: number): number {
  if (whence !== Whence.SET && whence !== Whence.CUR && whence !== Whence.END) throw new WasiError(Errno.INVAL);
  const entry = seekable(ctx, fd);
  // The size as a bigint: a file grown past 2^53 outside the guest still seeks exactly from its end.
  const base = whence === Whence.SET ? 0n : whence === Whence.CUR ? BigInt(entry.position) : hostFileSize(entry.hostFd);
  entry.position = seekTarget(base, offset);
  ctx.memory.setU64Number(newOffsetPtr, entry.position);
  return Errno.SUCCESS;
}

export function fd_seek(ctx: WasiContext, fd: number, offset: bigint, whence: number, newOffsetPtr: number): number {
  return seek(ctx, fd, offset, whence, newOffsetPtr);
}

export function fd_tell(ctx: WasiContext, fd: number, offsetPtr: number): number {
  const entry = seekable(ctx, fd);
  ctx.memory.setU64Number(offsetPtr, entry.position);
  return Errno.SUCCESS;
}
