import type { WasiContext } from '../context.js';
import { Errno } from './spec.js';

/**
 * The host never hands out sockets (no socket can be preopened), so every sock_* call on an
 * open descriptor is ENOTSOCK, and on a closed one EBADF.
 */
function notASocket(ctx: WasiContext, fd: number): number {
  return ctx.fds.has(fd) ? Errno.NOTSOCK : Errno.BADF;
}

export function sock_accept(ctx: WasiContext, fd: number, _flags: number, _fdPtr: number): number {
  return notASocket(ctx, fd);
}

export function sock_recv(ctx: WasiContext, fd: number, _riData: number, _riDataLen: number, _riFlags: number, _roDatalenPtr: number, _roFlagsPtr: number): number {
  return notASocket(ctx, fd);
}

export function sock_send(ctx: WasiContext, fd: number, _siData: number, _siDataLen: number, _siFlags: number, _soDatalenPtr: number): number {
  return notASocket(ctx, fd);
}

export function sock_shutdown(ctx: WasiContext, fd: number, _how: number): number {
  return notASocket(ctx, fd);
}
