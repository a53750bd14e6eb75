import { Trap, WasiError } from '../failures.js';
import { Errno } from '../preview1/spec.js';

// ignoreBOM: a leading U+FEFF is part of the guest's bytes, not a marker to drop (paths round-trip exactly).
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Encoder = new TextEncoder();

/**
 * All pointer work on the guest's linear memory. Views are cached and rebuilt only when
 * `memory.buffer` changes (after `memory.grow`); `refresh()` runs once per syscall.
 * Out-of-bounds or misaligned pointers trap, as the witx docs require
 * (https://github.com/WebAssembly/WASI/blob/main/legacy/tools/witx-docs.md#pointers).
 */
export class GuestMemory {
  private memory: WebAssembly.Memory | undefined;
  private buffer: ArrayBuffer | SharedArrayBuffer | undefined;
  private shared = false;
  /** The whole memory as bytes; valid until the next `refresh()`. */
  u8: Uint8Array = new Uint8Array(0);
  view: DataView = new DataView(new ArrayBuffer(0));

  attach(memory: WebAssembly.Memory): void {
    this.memory = memory;
    this.buffer = undefined;
    // By its tag, not instanceof: a memory from another realm (a vm context) has that realm's buffer classes.
    this.shared = Object.prototype.toString.call(memory.buffer) === '[object SharedArrayBuffer]';
    this.u8 = new Uint8Array(0);
    this.refresh();
  }

  get attached(): boolean {
    return this.memory !== undefined;
  }

  /**
   * Unattached (a start section calling WASI), views stay empty and `check()` traps on any pointer.
   * Growing a memory detaches its old ArrayBuffer, so views that still have bytes are current: the
   * `buffer` getter (a call into V8) is asked only when they have none, or for a shared memory,
   * whose buffer grows without detaching.
   */
  refresh(): void {
    if (this.u8.length !== 0 && !this.shared) return;
    const memory = this.memory;
    if (memory === undefined) return;
    const buffer = memory.buffer;
    if (buffer !== this.buffer) {
      this.buffer = buffer;
      this.u8 = new Uint8Array(buffer);
      this.view = new DataView(buffer);
    }
  }

  /** Checks that [ptr, ptr+len) lies in memory and ptr is aligned; returns ptr as an unsigned number. */
  check(ptr: number, len: number, align: number): number {
    const p = ptr >>> 0;
    if (p + len > this.u8.length) {
      // proc_exit needs no memory, so a start section may exit; any call with a pointer traps here.
      if (this.memory === undefined) throw new Trap('the module has no exported memory attached to the WASI instance', 'ERR_WASI_NOT_STARTED');
      throw new Trap(`out-of-bounds pointer 0x${p.toString(16)} (+${len})`);
    }
    if ((p & (align - 1)) !== 0) throw new Trap(`misaligned pointer 0x${p.toString(16)} (needs ${align}-byte alignment)`);
    return p;
  }

  /** Whether [ptr, ptr+len) lies in memory with ptr aligned: `check()` without the trap. */
  fits(ptr: number, len: number, align: number): boolean {
    const p = ptr >>> 0;
    return p + len <= this.u8.length && (p & (align - 1)) === 0;
  }

  getU8(ptr: number): number {
    return this.u8[this.check(ptr, 1, 1)]!;
  }
  getU16(ptr: number): number {
    return this.view.getUint16(this.check(ptr, 2, 2), true);
  }
  getU32(ptr: number): number {
    return this.view.getUint32(this.check(ptr, 4, 4), true);
  }
  getU64(ptr: number): bigint {
    return this.view.getBigUint64(this.check(ptr, 8, 8), true);
  }
  setU8(ptr: number, value: number): void {
    this.u8[this.check(ptr, 1, 1)] = value;
  }
  setU16(ptr: number, value: number): void {
    this.view.setUint16(this.check(ptr, 2, 2), value, true);
  }
  setU32(ptr: number, value: number): void {
    this.view.setUint32(this.check(ptr, 4, 4), value, true);
  }
  setU64(ptr: number, value: bigint): void {
    this.view.setBigUint64(this.check(ptr, 8, 8), value, true);
  }
  /** Writes a non-negative safe integer as u64 without a BigInt. */
  setU64Number(ptr: number, value: number): void {
    const p = this.check(ptr, 8, 8);
    this.view.setUint32(p, value >>> 0, true);
    this.view.setUint32(p + 4, Math.floor(value / 0x1_0000_0000), true);
  }

  /** A live view of guest bytes (no copy): valid until the guest runs again. */
  bytes(ptr: number, len: number): Uint8Array {
    const p = this.check(ptr, len >>> 0, 1);
    return this.u8.subarray(p, p + (len >>> 0));
  }

  /**
   * A guest path's bytes in place, checked as `readString` checks a string (in bounds, else a
   * Trap; invalid UTF-8 is EILSEQ) without making one: the native strategy hands them to the kernel.
   */
  readPath(ptr: number, len: number): GuestBytes {
    const length = len >>> 0;
    const start = this.check(ptr, length, 1);
    const u8 = this.u8;
    for (let i = start; i < start + length; i++) {
      // Only a path with a non-ASCII byte needs the decoder's verdict.
      if (u8[i]! >= 0x80) {
        this.readString(ptr, len);
        break;
      }
    }
    return { bytes: u8, start, length };
  }

  /** A guest string, byte for byte; invalid UTF-8 is EILSEQ as in wasmtime (wiggle's GuestError::InvalidUtf8). */
  readString(ptr: number, len: number): string {
    const bytes = this.bytes(ptr, len);
    try {
      return utf8.decode(bytes);
    } catch {
      throw new WasiError(Errno.ILSEQ);
    }
  }

  /** Copies bytes into guest memory at ptr. */
  write(ptr: number, data: Uint8Array): void {
    const p = this.check(ptr, data.length, 1);
    this.u8.set(data, p);
  }
}

/** Bytes in place: `length` bytes of `bytes` from `start`. */
export interface GuestBytes {
  readonly bytes: Uint8Array;
  readonly start: number;
  readonly length: number;
}

export function encodeUtf8(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}
