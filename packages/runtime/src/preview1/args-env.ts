import type { WasiContext } from '../context.js';
import type { GuestMemory } from '../memory/guest-memory.js';
import { Errno } from './spec.js';

/** Writes a NUL-terminated string list: pointers at `listPtr`, bytes at `bufPtr` (args_get / environ_get). */
function writeStringList(memory: GuestMemory, items: Uint8Array[], listPtr: number, bufPtr: number): number {
  let total = 0;
  for (const item of items) total += item.length + 1;
  memory.check(listPtr, items.length * 4, 4);
  memory.check(bufPtr, total, 1);
  let cursor = bufPtr >>> 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    memory.setU32(listPtr + i * 4, cursor);
    memory.u8.set(item, cursor);
    memory.u8[cursor + item.length] = 0;
    cursor += item.length + 1;
  }
  return Errno.SUCCESS;
}

function writeSizes(memory: GuestMemory, items: Uint8Array[], countPtr: number, sizePtr: number): number {
  let total = 0;
  for (const item of items) total += item.length + 1;
  memory.setU32(countPtr, items.length);
  memory.setU32(sizePtr, total);
  return Errno.SUCCESS;
}

export function args_get(ctx: WasiContext, argvPtr: number, argvBufPtr: number): number {
  return writeStringList(ctx.memory, ctx.args, argvPtr, argvBufPtr);
}

export function args_sizes_get(ctx: WasiContext, argcPtr: number, argvBufSizePtr: number): number {
  return writeSizes(ctx.memory, ctx.args, argcPtr, argvBufSizePtr);
}

export function environ_get(ctx: WasiContext, environPtr: number, environBufPtr: number): number {
  return writeStringList(ctx.memory, ctx.env, environPtr, environBufPtr);
}

export function environ_sizes_get(ctx: WasiContext, countPtr: number, bufSizePtr: number): number {
  return writeSizes(ctx.memory, ctx.env, countPtr, bufSizePtr);
}
