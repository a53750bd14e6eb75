import { GuestMemory } from './memory/guest-memory.js';
import { FdTable } from './fd/table.js';
import { OutputBatch } from './fd/output-batch.js';
import type { StdioStream } from './fd/stdio.js';

/** Everything a syscall handler touches; handlers are plain functions of `(ctx, …args)`. */
export interface WasiContext {
  /** Each argument / `KEY=value` pair as UTF-8 bytes, without the NUL. */
  readonly args: Uint8Array[];
  readonly env: Uint8Array[];
  readonly fds: FdTable;
  readonly memory: GuestMemory;
  readonly stdio: readonly [StdioStream, StdioStream, StdioStream];
  /** Batched stdout/stderr bytes not yet written; every syscall but fd_write flushes them first. */
  readonly output: OutputBatch;
}

export function createContext(args: Uint8Array[], env: Uint8Array[], stdio: readonly [StdioStream, StdioStream, StdioStream]): WasiContext {
  return { args, env, fds: new FdTable(), memory: new GuestMemory(), stdio, output: new OutputBatch() };
}
