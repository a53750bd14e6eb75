import type { WasiContext } from '../context.js';
import { WasiError } from '../failures.js';
import { seek } from './fd-io.js';
import { fdFilestat } from './fd-meta.js';
import type { UnstableImports } from './imports.js';
import { pathFilestat } from './path-meta.js';
import { pollOneoff } from './poll.js';
import { bindHandlers, type HandlerTable, preview1Handlers } from './syscalls.js';
import { Errno, type FilestatLayout, type SubscriptionLayout, Whence } from './spec.js';

/**
 * Every difference of `wasi_unstable` (snapshot 0) from preview1, in one place:
 * https://github.com/WebAssembly/WASI/blob/main/legacy/snapshot_0/witx/typenames.witx
 * (as served by wasmtime's wasi-common `snapshots/preview_0.rs`).
 * - whence: CUR = 0, END = 1, SET = 2 (preview1: SET = 0, CUR = 1, END = 2);
 * - filestat: nlink is u32 at 20, so size/atim/mtim/ctim sit at 24/32/40/48 and the struct is 56 bytes;
 * - subscription_clock starts with a u64 `identifier`, so clock_id/timeout/precision/flags sit at
 *   24/32/40/48 and a subscription is 56 bytes (fd_readwrite's fd stays at 16; events are unchanged);
 * - there is no sock_accept.
 */

export const UnstableWhence = { CUR: 0, END: 1, SET: 2 } as const;

export const UnstableFilestat: FilestatLayout = { SIZE: 56, DEV: 0, INO: 8, FILETYPE: 16, NLINK: 20, NLINK_BYTES: 4, FILESIZE: 24, ATIM: 32, MTIM: 40, CTIM: 48 };

export const UnstableSubscription: SubscriptionLayout = { SIZE: 56, USERDATA: 0, TAG: 8, CLOCK_ID: 24, CLOCK_TIMEOUT: 32, CLOCK_PRECISION: 40, CLOCK_FLAGS: 48, FD: 16 };

function preview1Whence(whence: number): number {
  switch (whence) {
    case UnstableWhence.SET: return Whence.SET;
    case UnstableWhence.CUR: return Whence.CUR;
    case UnstableWhence.END: return Whence.END;
    default: throw new WasiError(Errno.INVAL);
  }
}

const { sock_accept: _notInSnapshot0, ...shared } = preview1Handlers;

export const unstableHandlers: HandlerTable<UnstableImports> = {
  ...shared,
  fd_seek: (ctx: WasiContext, fd: number, offset: bigint, whence: number, newOffsetPtr: number) => seek(ctx, fd, offset, preview1Whence(whence), newOffsetPtr),
  fd_filestat_get: (ctx: WasiContext, fd: number, bufPtr: number) => fdFilestat(ctx, fd, bufPtr, UnstableFilestat),
  path_filestat_get: (ctx: WasiContext, fd: number, flags: number, pathPtr: number, pathLen: number, bufPtr: number) =>
    pathFilestat(ctx, fd, flags, pathPtr, pathLen, bufPtr, UnstableFilestat),
  poll_oneoff: (ctx: WasiContext, inPtr: number, outPtr: number, nsubscriptions: number, neventsPtr: number) =>
    pollOneoff(ctx, inPtr, outPtr, nsubscriptions, neventsPtr, UnstableSubscription),
};

/** The `wasi_unstable` import record for a context. */
export function unstableImports(ctx: WasiContext): UnstableImports {
  return bindHandlers(ctx, unstableHandlers);
}
