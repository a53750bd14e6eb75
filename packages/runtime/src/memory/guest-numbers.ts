import { WasiError } from '../failures.js';
import { Errno } from '../preview1/spec.js';

// The one place where a guest's numbers become numbers Node's fs API is given. WASI lengths are
// u32 and positions u64; Node takes lengths below 2^31 and, for writes, positions only as safe
// integers (it silently writes at the fd's own offset otherwise). Every rule below is the
// kernel's, so a guest sees what it would see natively on Linux.

/** Linux's MAX_RW_COUNT: one read or write transfers at most this much and returns a short count. */
export const MAX_TRANSFER = 0x7fff_f000;

/** The largest file offset the host can name exactly in every call (Node's write positions). */
export const MAX_FILE_OFFSET = Number.MAX_SAFE_INTEGER;

const OFF_T_MAX = (1n << 63n) - 1n;
const MAX_OFFSET_BIG = BigInt(MAX_FILE_OFFSET);

/** A host read position: a number when exact, else a bigint (Node reads take those exactly). */
export type ReadPosition = number | bigint;

/**
 * A pread/pwrite offset from the guest's u64. Above off_t's range it is negative to the kernel:
 * EINVAL, as Linux's rw_verify_area answers.
 */
export function offsetFromGuest(offset: bigint): ReadPosition {
  const unsigned = BigInt.asUintN(64, offset);
  if (unsigned > OFF_T_MAX) throw new WasiError(Errno.INVAL);
  return unsigned <= MAX_OFFSET_BIG ? Number(unsigned) : unsigned;
}

/**
 * Checks a read of `requested` bytes (all iovecs, already limited to MAX_TRANSFER) at `position`:
 * an end past off_t is EINVAL, as Linux's rw_verify_area answers (and Node refuses such a position).
 */
export function checkReadRange(position: ReadPosition, requested: number): void {
  if (typeof position === 'bigint' && position + BigInt(requested) > OFF_T_MAX) throw new WasiError(Errno.INVAL);
}

/** The position `advance` bytes after `start`, still exact. */
export function advance(start: ReadPosition, by: number): ReadPosition {
  if (typeof start === 'number') {
    const next = start + by;
    if (next <= MAX_FILE_OFFSET) return next;
    return BigInt(start) + BigInt(by);
  }
  return start + BigInt(by);
}

/**
 * How many bytes a write at `position` may transfer: Linux's generic_write_checks against the
 * largest offset this host can address (its s_maxbytes): at or past it EFBIG, before it a short write.
 */
export function writableFrom(position: ReadPosition): number {
  if (typeof position !== 'number' || position >= MAX_FILE_OFFSET) throw new WasiError(Errno.FBIG);
  return Math.min(MAX_TRANSFER, MAX_FILE_OFFSET - position);
}

/**
 * A new file size (fd_filestat_set_size) from a u64: past off_t it is
 * negative to the kernel (EINVAL); past what the host can address, EFBIG as ftruncate answers.
 */
export function fileSizeFromGuest(size: bigint): number {
  size = BigInt.asUintN(64, size);
  if (size > OFF_T_MAX) throw new WasiError(Errno.INVAL);
  if (size > MAX_OFFSET_BIG) throw new WasiError(Errno.FBIG);
  return Number(size);
}

/** An fd_advise length: past off_t it is negative to the kernel, EINVAL (Linux's generic_fadvise). */
export function checkAdviceLength(len: bigint): void {
  if (BigInt.asUintN(64, len) > OFF_T_MAX) throw new WasiError(Errno.INVAL);
}

/**
 * An fd_seek target. Negative is EINVAL; past the largest offset the host can address, EINVAL
 * too (Linux's lseek past s_maxbytes), so the fd's position is always exact.
 */
export function seekTarget(base: bigint, delta: bigint): number {
  const target = base + delta;
  if (target < 0n || target > MAX_OFFSET_BIG) throw new WasiError(Errno.INVAL);
  return Number(target);
}
