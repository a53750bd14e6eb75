import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WASI, type WASIOptions } from '../../src/index.js';
import { WasiError } from '../../src/failures.js';
import type { Errno } from '../../src/preview1/spec.js';
import type { Preview1Imports, UnstableImports } from '../../src/preview1/imports.js';

/**
 * Drives the real host without a guest module: a real WebAssembly.Memory attached through
 * `initialize()`, the real import record, and helpers to lay out arguments in guest memory.
 */
export class Guest {
  readonly wasi: WASI;
  readonly memory = new WebAssembly.Memory({ initial: 4 });
  readonly wasi1: Preview1Imports;
  readonly unstable: UnstableImports;
  private next = 1024;

  constructor(options: WASIOptions = {}) {
    this.wasi = new WASI(options);
    this.wasi.initialize({ exports: { memory: this.memory } } as unknown as WebAssembly.Instance);
    const imports = this.wasi.getImportObject();
    this.wasi1 = imports.wasi_snapshot_preview1!;
    this.unstable = imports.wasi_unstable!;
  }

  get view(): DataView {
    return new DataView(this.memory.buffer);
  }

  get u8(): Uint8Array {
    return new Uint8Array(this.memory.buffer);
  }

  /** Reserves `size` bytes (8-aligned) and returns the pointer. */
  alloc(size: number): number {
    const ptr = this.next;
    this.next = (this.next + size + 7) & ~7;
    return ptr;
  }

  /** Writes a string; returns [ptr, byteLength]. */
  str(text: string): [number, number] {
    const bytes = Buffer.from(text);
    const ptr = this.alloc(bytes.length);
    this.u8.set(bytes, ptr);
    return [ptr, bytes.length];
  }

  bytesAt(ptr: number, len: number): Buffer {
    return Buffer.from(this.u8.slice(ptr, ptr + len));
  }

  u32(ptr: number): number {
    return this.view.getUint32(ptr, true);
  }

  u64(ptr: number): bigint {
    return this.view.getBigUint64(ptr, true);
  }

  /** A ciovec/iovec array over the given buffers; returns [iovsPtr, count]. */
  iovecs(buffers: { ptr: number; len: number }[]): [number, number] {
    const iovs = this.alloc(buffers.length * 8);
    buffers.forEach((buffer, i) => {
      this.view.setUint32(iovs + i * 8, buffer.ptr, true);
      this.view.setUint32(iovs + i * 8 + 4, buffer.len, true);
    });
    return [iovs, buffers.length];
  }

  /** path_open with everything a test usually wants; returns [errno, fd]. */
  open(dirFd: number, guestPath: string, options: { oflags?: number; rights?: bigint; inheriting?: bigint; fdflags?: number; follow?: boolean } = {}): [number, number] {
    const [p, len] = this.str(guestPath);
    const out = this.alloc(4);
    const errno = this.wasi1.path_open(dirFd, options.follow === false ? 0 : 1, p, len, options.oflags ?? 0, options.rights ?? ALL_FILE_RIGHTS, options.inheriting ?? 0n, options.fdflags ?? 0, out);
    return [errno, this.u32(out)];
  }

  write(fd: number, text: string): [number, number] {
    const [p, len] = this.str(text);
    const [iovs, count] = this.iovecs([{ ptr: p, len }]);
    const out = this.alloc(4);
    const errno = this.wasi1.fd_write(fd, iovs, count, out);
    return [errno, this.u32(out)];
  }

  read(fd: number, size: number): [number, string] {
    const buf = this.alloc(size);
    const [iovs, count] = this.iovecs([{ ptr: buf, len: size }]);
    const out = this.alloc(4);
    const errno = this.wasi1.fd_read(fd, iovs, count, out);
    return [errno, this.bytesAt(buf, this.u32(out)).toString()];
  }

  /** Runs a path call that takes (fd, path, len). */
  pathCall(call: (fd: number, ptr: number, len: number) => number, fd: number, guestPath: string): number {
    const [p, len] = this.str(guestPath);
    return call(fd, p, len);
  }
}

/** fd_read … fd_filestat_set_times and poll: every right a regular file can have. */
export const ALL_FILE_RIGHTS = BigInt((1 << 0) | (1 << 1) | (1 << 2) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8) | (1 << 21) | (1 << 22) | (1 << 23) | (1 << 27));
export const READ_ONLY_RIGHTS = BigInt((1 << 1) | (1 << 2) | (1 << 5) | (1 << 21));

export function tempDir(label: string): string {
  return mkdtempSync(path.join(tmpdir(), `wasi-kit-${label}-`));
}

/** The errno a host-side call fails with, or 'ok': for testing the fd table and resolver directly. */
export function errnoOf(fn: () => unknown): Errno | 'ok' {
  try {
    fn();
    return 'ok';
  } catch (error) {
    if (error instanceof WasiError) return error.errno;
    throw error;
  }
}
