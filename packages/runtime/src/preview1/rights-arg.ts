import { WasiError } from '../failures.js';
import { ALL_RIGHTS, Errno } from './spec.js';

/**
 * A guest `rights` value as a host number; bits the spec does not define are EINVAL (wiggle's
 * flag check). The defined rights are the contiguous bits 0..29, so "no other bit set" is
 * "0 ≤ value ≤ ALL_RIGHTS", checked on Number(rights) without building a BigInt per call (an i64
 * with bit 63 set arrives negative; one beyond 2^53 rounds but stays above ALL_RIGHTS).
 */
export function rightsArg(rights: bigint): number {
  const value = Number(rights);
  if (!(value >= 0 && value <= ALL_RIGHTS)) throw new WasiError(Errno.INVAL);
  return value;
}
