import type { BigIntStats, Stats } from 'node:fs';
import type { GuestMemory } from '../memory/guest-memory.js';
import { Filetype, type FilestatLayout } from '../preview1/spec.js';

/** The WASI filetype of a host stat result. */
export function filetypeOf(stat: Stats | BigIntStats): number {
  if (stat.isFile()) return Filetype.REGULAR_FILE;
  if (stat.isDirectory()) return Filetype.DIRECTORY;
  if (stat.isSymbolicLink()) return Filetype.SYMBOLIC_LINK;
  if (stat.isCharacterDevice()) return Filetype.CHARACTER_DEVICE;
  if (stat.isBlockDevice()) return Filetype.BLOCK_DEVICE;
  if (stat.isSocket()) return Filetype.SOCKET_STREAM;
  return Filetype.UNKNOWN;
}

/**
 * A host time as WASI's u64 nanoseconds since the epoch: one before the epoch cannot be represented
 * and is 0, as wasmtime reports it (a missing time), not a wrapped date centuries ahead.
 */
export function wasiTime(ns: bigint): bigint {
  return ns < 0n ? 0n : BigInt.asUintN(64, ns);
}

/** Writes a `filestat` in the given layout (preview1 or snapshot 0). */
export function writeFilestat(memory: GuestMemory, ptr: number, stat: BigIntStats, layout: FilestatLayout): void {
  const p = memory.check(ptr, layout.SIZE, 8);
  const view = memory.view;
  memory.u8.fill(0, p, p + layout.SIZE);
  view.setBigUint64(p + layout.DEV, BigInt.asUintN(64, stat.dev), true);
  view.setBigUint64(p + layout.INO, BigInt.asUintN(64, stat.ino), true);
  view.setUint8(p + layout.FILETYPE, filetypeOf(stat));
  if (layout.NLINK_BYTES === 8) view.setBigUint64(p + layout.NLINK, BigInt.asUintN(64, stat.nlink), true);
  else view.setUint32(p + layout.NLINK, Number(BigInt.asUintN(32, stat.nlink)), true);
  view.setBigUint64(p + layout.FILESIZE, BigInt.asUintN(64, stat.size), true);
  view.setBigUint64(p + layout.ATIM, wasiTime(stat.atimeNs), true);
  view.setBigUint64(p + layout.MTIM, wasiTime(stat.mtimeNs), true);
  view.setBigUint64(p + layout.CTIM, wasiTime(stat.ctimeNs), true);
}

/** A filestat for a descriptor with nothing behind it on the host (in-memory stdio). */
export function writeEmptyFilestat(memory: GuestMemory, ptr: number, filetype: number, layout: FilestatLayout): void {
  const p = memory.check(ptr, layout.SIZE, 8);
  memory.u8.fill(0, p, p + layout.SIZE);
  memory.view.setUint8(p + layout.FILETYPE, filetype);
}
