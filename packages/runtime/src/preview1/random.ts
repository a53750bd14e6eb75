import type { WasiContext } from '../context.js';
import { Errno } from './spec.js';

/** Chunks of at most 64 KiB, the Web Crypto limit, so any backing (also shared memory) works the same. */
const CHUNK = 65_536;

/** node:crypto, loaded on the first call: most guests never ask, and start-up is on every run's clock. */
let crypto: typeof import('node:crypto') | undefined;

/** Fills `bytes` from the CSPRNG (also wasi:random's source, in the component host). */
export function fillRandom(bytes: Uint8Array): void {
  const randomFillSync = (crypto ??= process.getBuiltinModule('node:crypto')).randomFillSync;
  for (let offset = 0; offset < bytes.length; offset += CHUNK) {
    randomFillSync(bytes, offset, Math.min(CHUNK, bytes.length - offset));
  }
}

export function random_get(ctx: WasiContext, bufPtr: number, bufLen: number): number {
  fillRandom(ctx.memory.bytes(bufPtr, bufLen));
  return Errno.SUCCESS;
}
