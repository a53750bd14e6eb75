import type { WasiContext } from '../context.js';
import { WasiError } from '../failures.js';
import { encodeUtf8 } from '../memory/guest-memory.js';
import { Errno, Preopentype, Prestat } from './spec.js';

/** The preopened directory's guest path, or EBADF for any other descriptor (how guests find preopens). */
function preopenName(ctx: WasiContext, fd: number): Uint8Array {
  const entry = ctx.fds.get(fd);
  if (entry.preopenPath === undefined) throw new WasiError(Errno.BADF);
  return encodeUtf8(entry.preopenPath);
}

export function fd_prestat_get(ctx: WasiContext, fd: number, prestatPtr: number): number {
  const name = preopenName(ctx, fd);
  const p = ctx.memory.check(prestatPtr, Prestat.SIZE, 4);
  ctx.memory.u8.fill(0, p, p + Prestat.SIZE);
  ctx.memory.view.setUint8(p + Prestat.TAG, Preopentype.DIR);
  ctx.memory.view.setUint32(p + Prestat.NAME_LEN, name.length, true);
  return Errno.SUCCESS;
}

/** Writes the name without a NUL; a buffer shorter than the name is ENAMETOOLONG. */
export function fd_prestat_dir_name(ctx: WasiContext, fd: number, pathPtr: number, pathLen: number): number {
  const name = preopenName(ctx, fd);
  if (pathLen >>> 0 < name.length) throw new WasiError(Errno.NAMETOOLONG);
  ctx.memory.write(pathPtr, name);
  return Errno.SUCCESS;
}
