import { randomFillSync } from 'node:crypto';
import type { WasiContext } from '../context.js';
import { Errno } from './spec.js';

/** Chunks of at most 64 KiB, the Web Crypto limit, so any backing (also shared memory) works the same. */
const CHUNK = 65_536;

export function random_get(ctx: WasiContext, bufPtr: number, bufLen: number): number {
  const bytes = ctx.memory.bytes(bufPtr, bufLen);
  for (let offset = 0; offset < bytes.length; offset += CHUNK) {
    randomFillSync(bytes, offset, Math.min(CHUNK, bytes.length - offset));
  }
  return Errno.SUCCESS;
}
