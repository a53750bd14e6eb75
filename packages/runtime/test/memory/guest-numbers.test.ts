import { describe, expect, it } from 'vitest';
import { advance, checkReadRange, fileSizeFromGuest, MAX_FILE_OFFSET, MAX_TRANSFER, offsetFromGuest, seekTarget, writableFrom } from '../../src/memory/guest-numbers.js';
import { Errno } from '../../src/preview1/spec.js';
import { errnoOf } from '../preview1/harness.js';

const SAFE = BigInt(MAX_FILE_OFFSET);

describe('guest numbers → host numbers (Linux rules)', () => {
  it('one transfer is at most MAX_RW_COUNT, 0x7ffff000', () => {
    expect(MAX_TRANSFER).toBe(0x7fff_f000);
    expect(writableFrom(0)).toBe(MAX_TRANSFER);
  });

  it('offsets: exact numbers up to 2^53-1, exact bigints above, EINVAL past off_t (even as a negative i64)', () => {
    expect(offsetFromGuest(5n)).toBe(5);
    expect(offsetFromGuest(SAFE)).toBe(MAX_FILE_OFFSET);
    expect(offsetFromGuest(SAFE + 2n)).toBe(SAFE + 2n);
    expect(errnoOf(() => offsetFromGuest(1n << 63n))).toBe(Errno.INVAL);
    expect(errnoOf(() => offsetFromGuest(-1n))).toBe(Errno.INVAL);
  });

  it('a read whose end passes off_t is EINVAL, as rw_verify_area answers', () => {
    const offTMax = (1n << 63n) - 1n;
    expect(errnoOf(() => checkReadRange(offTMax, 281))).toBe(Errno.INVAL);
    expect(() => checkReadRange(offTMax - 281n, 281)).not.toThrow();
  });

  it('advancing past 2^53 stays exact', () => {
    expect(advance(MAX_FILE_OFFSET - 1, 4)).toBe(SAFE + 3n);
    expect(advance(10, 4)).toBe(14);
    expect(advance(SAFE + 1n, 1)).toBe(SAFE + 2n);
  });

  it('writes stop at the largest offset the host can address: short before it, EFBIG at or past it', () => {
    expect(writableFrom(MAX_FILE_OFFSET - 3)).toBe(3);
    expect(errnoOf(() => writableFrom(MAX_FILE_OFFSET))).toBe(Errno.FBIG);
    expect(errnoOf(() => writableFrom(SAFE + 5n))).toBe(Errno.FBIG);
  });

  it('sizes: EINVAL past off_t, EFBIG past the host', () => {
    expect(fileSizeFromGuest(100n)).toBe(100);
    expect(errnoOf(() => fileSizeFromGuest(-1n))).toBe(Errno.INVAL);
    expect(errnoOf(() => fileSizeFromGuest(SAFE + 1n))).toBe(Errno.FBIG);
  });

  it('seek targets: negative or past the host is EINVAL; exact from a bigint base', () => {
    expect(seekTarget(10n, -3n)).toBe(7);
    expect(errnoOf(() => seekTarget(2n, -3n))).toBe(Errno.INVAL);
    expect(errnoOf(() => seekTarget(0n, SAFE + 1n))).toBe(Errno.INVAL);
    expect(seekTarget(SAFE + 10n, -10n)).toBe(MAX_FILE_OFFSET);
  });
});
