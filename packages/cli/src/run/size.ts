import { WasiKitError } from '../errors.js';

// K/M/G and KiB/MiB/GiB are powers of 1024 (as memory is counted); kB/MB/GB are powers of 1000.
const UNITS: Record<string, number> = {
  '': 1, b: 1,
  k: 1024, ki: 1024, kib: 1024, kb: 1000,
  m: 1024 ** 2, mi: 1024 ** 2, mib: 1024 ** 2, mb: 1000 ** 2,
  g: 1024 ** 3, gi: 1024 ** 3, gib: 1024 ** 3, gb: 1000 ** 3,
};

/** `64MiB`, `1G`, `512k`, `65536` → bytes. */
export function parseSize(text: string, option = '--max-memory'): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  const bytes = match && unit !== undefined ? Math.floor(Number(match[1]) * unit) : Number.NaN;
  if (!Number.isFinite(bytes) || bytes <= 0 || bytes > Number.MAX_SAFE_INTEGER) {
    throw new WasiKitError(`${option} ${text}: expected a size such as 64MiB or 1G`, { hint: 'units: B, KiB/K, MiB/M, GiB/G (powers of 1024) or kB, MB, GB (powers of 1000)' });
  }
  return bytes;
}
