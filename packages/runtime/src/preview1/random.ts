import type { WasiContext } from '../context.js';
import { Errno } from './spec.js';

/** Chunks of at most 64 KiB, the Web Crypto limit, so any backing (also shared memory) works the same. */
const CHUNK = 65_536;

/**
 * Small requests are served from a pool filled 4 KiB at a time, as Node's randomUUID batches its
 * bytes: one randomFillSync costs ~5 µs whatever its size, three times uvwasi's getrandom for a
 * 16-byte call (a UUID, a hash seed). Each byte leaves the pool at most once: a request the rest
 * of the pool cannot serve refills it.
 */
const POOL_SIZE = 4096;
const POOLED_MAX = 256;
const pool = new Uint8Array(POOL_SIZE);
/** Where the unused bytes start: at first none are, so the first request fills the pool. */
let poolUsed = POOL_SIZE;

/** node:crypto, loaded on the first call: most guests never ask, and start-up is on every run's clock. */
let crypto: typeof import('node:crypto') | undefined;

/** Fills `bytes` from the CSPRNG (also wasi:random's source, in the component host). */
export function fillRandom(bytes: Uint8Array): void {
  const randomFillSync = (crypto ??= process.getBuiltinModule('node:crypto')).randomFillSync;
  const length = bytes.length;
  if (length <= POOLED_MAX) {
    if (poolUsed + length > POOL_SIZE) {
      randomFillSync(pool);
      poolUsed = 0;
    }
    bytes.set(pool.subarray(poolUsed, poolUsed + length));
    // Handed out: no later request, and no heap snapshot, sees these bytes again.
    pool.fill(0, poolUsed, poolUsed + length);
    poolUsed += length;
    return;
  }
  for (let offset = 0; offset < length; offset += CHUNK) {
    randomFillSync(bytes, offset, Math.min(CHUNK, length - offset));
  }
}

export function random_get(ctx: WasiContext, bufPtr: number, bufLen: number): number {
  fillRandom(ctx.memory.bytes(bufPtr, bufLen));
  return Errno.SUCCESS;
}
