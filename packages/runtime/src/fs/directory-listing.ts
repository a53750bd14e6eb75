import { WasiError } from '../failures.js';
import type { DirListing } from '../fd/entry.js';
import { Dirent, Errno, Filetype } from '../preview1/spec.js';
import { type NativeAddon, wasiErrno } from './native-addon.js';

/** The writer's scratch space, shared (listings are built synchronously, one at a time). */
let scratchBytes = new Uint8Array(64 * 1024);
let scratchView = new DataView(scratchBytes.buffer);
let scratchStarts = new Uint32Array(1024);

/**
 * Serialises a listing as WASI dirents into one growing scratch buffer: no object, BigInt or name
 * copy per entry, and one exact-size copy at the end. `.` and `..` are reserved first; their inode
 * is filled in by `setDotInodesTo`.
 */
export class DirentWriter {
  private bytes = scratchBytes;
  private view = scratchView;
  private starts = scratchStarts;
  private count = 0;
  private used = 0;

  constructor() {
    this.reserve(Dirent.SIZE + 1, Filetype.DIRECTORY).set([0x2e]);
    this.reserve(Dirent.SIZE + 2, Filetype.DIRECTORY).set([0x2e, 0x2e]);
  }

  /** Appends a header for a name of `length - Dirent.SIZE` bytes; returns where its name goes. */
  private reserve(length: number, type: number): Uint8Array {
    if (this.used + length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.used + length));
      grown.set(this.bytes.subarray(0, this.used));
      this.bytes = scratchBytes = grown;
      this.view = scratchView = new DataView(grown.buffer);
    }
    if (this.count + 2 > this.starts.length) {
      const grown = new Uint32Array(this.starts.length * 2);
      grown.set(this.starts);
      this.starts = scratchStarts = grown;
    }
    const at = this.used;
    const view = this.view;
    this.starts[this.count] = at;
    this.count += 1;
    view.setUint32(at + Dirent.NEXT, this.count, true);
    view.setUint32(at + Dirent.NEXT + 4, 0, true);
    view.setUint32(at + Dirent.NAMLEN, length - Dirent.SIZE, true);
    view.setUint32(at + Dirent.TYPE, type, true);
    this.used += length;
    return this.bytes.subarray(at + Dirent.SIZE, at + length);
  }

  /** One entry with its inode given as a host number. */
  add(ino: bigint, type: number, name: Uint8Array): void {
    this.reserve(Dirent.SIZE + name.length, type).set(name);
    this.view.setBigUint64(this.starts[this.count - 1]! + Dirent.INO, ino, true);
  }

  /** `.` and `..` both carry the directory's own inode. */
  setDotInodesTo(ino: bigint): void {
    this.view.setBigUint64(this.starts[0]! + Dirent.INO, ino, true);
    this.view.setBigUint64(this.starts[1]! + Dirent.INO, ino, true);
  }

  finish(): DirListing {
    this.starts[this.count] = this.used;
    return { bytes: this.bytes.slice(0, this.used), starts: this.starts.slice(0, this.count + 1), count: this.count };
  }
}

/** The native listing's scratch space; it grows when a directory does not fit (listDirectory says -ENOBUFS). */
let nativeBytes = new Uint8Array(64 * 1024);
let nativeStarts = new Uint32Array(2048);

/**
 * A directory's listing from getdents64 on its own fd, serialised as WASI dirents by the addon in
 * one call: each entry's inode and type come with its name, so no entry is stat'ed (only on file
 * systems that report DT_UNKNOWN). `.` and `..` come first, as wasmtime lists them; `..` reports
 * `.`'s inode, as wasmtime does (the parent may be outside the sandbox, and not even its inode may show).
 */
export function listDirectoryNative(addon: NativeAddon, hostFd: number, rewind: boolean): DirListing {
  for (;;) {
    const count = addon.listDirectory(hostFd, nativeBytes, nativeStarts, rewind);
    rewind = true;
    // -ENOBUFS: out or starts is too small.
    if (count < 0 && wasiErrno(count) === Errno.NOBUFS) {
      nativeBytes = new Uint8Array(nativeBytes.length * 2);
      nativeStarts = new Uint32Array(nativeStarts.length * 2);
      continue;
    }
    if (count < 0) throw new WasiError(wasiErrno(count));
    return { bytes: nativeBytes.slice(0, nativeStarts[count]), starts: nativeStarts.slice(0, count + 1), count };
  }
}
