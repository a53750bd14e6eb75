import type { Preview1Name } from '../src/preview1/abi.js';

/** Bytes the generator puts in guest memory before a call (a path, an iovec array, a subscription). */
export interface MemoryWrite {
  at: number;
  bytes: Uint8Array;
}

/** One preview1 call as a guest makes it: wasm values (i32 as number, i64 as bigint). */
export interface FuzzCall {
  name: Preview1Name;
  args: (number | bigint)[];
  writes: MemoryWrite[];
}

/** How a case runs: under the tracer or not, through `wasi_unstable` or `wasi_snapshot_preview1`. */
export interface CaseHeader {
  label: string;
  traced: boolean;
  unstable: boolean;
}

/** A sequence of calls run in one fresh instance. */
export interface FuzzCase extends CaseHeader {
  calls: FuzzCall[];
}

export function namespaceOf(header: CaseHeader): 'wasi_unstable' | 'wasi_snapshot_preview1' {
  return header.unstable ? 'wasi_unstable' : 'wasi_snapshot_preview1';
}

/** The guest memory every case runs with: 2 pages. */
export const MEMORY_PAGES = 2;
export const MEMORY_BYTES = MEMORY_PAGES * 65536;

/** Where the generator lays things out in guest memory. */
export const Region = {
  /** Out-pointers (fd, sizes, filestat, fdstat…), 8-aligned. */
  OUT: 0,
  /** iovec arrays and subscriptions. */
  ARRAYS: 1024,
  /** Path strings. */
  PATHS: 8192,
  /** Buffers iovecs point at. */
  BUFFERS: 16384,
} as const;
