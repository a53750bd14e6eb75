import { WasiError } from '../failures.js';
import { ALL_RIGHTS, Errno } from './spec.js';

/** A guest `rights` value as a host number; bits the spec does not define are EINVAL (wiggle's flag check). */
export function rightsArg(rights: bigint): number {
  const unsigned = BigInt.asUintN(64, rights);
  if ((unsigned & ~BigInt(ALL_RIGHTS)) !== 0n) throw new WasiError(Errno.INVAL);
  return Number(unsigned);
}
