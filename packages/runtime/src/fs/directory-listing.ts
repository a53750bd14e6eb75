import { WasiError } from '../failures.js';
import type { DirListing } from '../fd/entry.js';
import { Dirent, Filetype } from '../preview1/spec.js';
import { hostStat } from './host-stat.js';
import { type NativeAddon, wasiErrno } from './native-addon.js';

/** linux_dirent64's d_type → WASI filetype (a FIFO is UNKNOWN, as filestat.ts's filetypeOf has it). */
const FILETYPE_OF_DT = new Uint8Array(16).fill(Filetype.UNKNOWN);
FILETYPE_OF_DT[2] = Filetype.CHARACTER_DEVICE;
FILETYPE_OF_DT[4] = Filetype.DIRECTORY;
FILETYPE_OF_DT[6] = Filetype.BLOCK_DEVICE;
FILETYPE_OF_DT[8] = Filetype.REGULAR_FILE;
FILETYPE_OF_DT[10] = Filetype.SYMBOLIC_LINK;
FILETYPE_OF_DT[12] = Filetype.SOCKET_STREAM;
const DT_UNKNOWN = 0;

/** linux_dirent64: d_ino u64 @0, d_off @8, d_reclen u16 @16, d_type u8 @18, d_name @19 (NUL-terminated). */
const RECORD_RECLEN = 16;
const RECORD_TYPE = 18;
const RECORD_NAME = 19;

const records = new Uint8Array(64 * 1024);
const recordView = new DataView(records.buffer);
const decoder = new TextDecoder();

/** The writer's scratch space, shared (listings are built synchronously, one at a time). */
let scratchBytes = new Uint8Array(64 * 1024);
let scratchView = new DataView(scratchBytes.buffer);
let scratchStarts = new Uint32Array(1024);

/**
 * Serialises a listing as WASI dirents into one growing scratch buffer: no object, BigInt or name
 * copy per entry, and one exact-size copy at the end. `.` and `..` are reserved first; their inode
 * is filled in by `setDotInodes`.
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

  /** One linux_dirent64 record from `source` (its little-endian d_ino copied as is). */
  addRecord(source: Uint8Array, at: number, nameLength: number, type: number): void {
    const name = this.reserve(Dirent.SIZE + nameLength, type);
    const start = this.starts[this.count - 1]!;
    name.set(source.subarray(at + RECORD_NAME, at + RECORD_NAME + nameLength));
    this.bytes.set(source.subarray(at, at + 8), start + Dirent.INO);
  }

  /** `.` and `..` both carry the directory's own inode (8 little-endian bytes at `at`). */
  setDotInodes(source: Uint8Array, at: number): void {
    this.bytes.set(source.subarray(at, at + 8), this.starts[0]! + Dirent.INO);
    this.bytes.set(source.subarray(at, at + 8), this.starts[1]! + Dirent.INO);
  }

  setDotInodesTo(ino: bigint): void {
    this.view.setBigUint64(this.starts[0]! + Dirent.INO, ino, true);
    this.view.setBigUint64(this.starts[1]! + Dirent.INO, ino, true);
  }

  finish(): DirListing {
    this.starts[this.count] = this.used;
    return { bytes: this.bytes.slice(0, this.used), starts: this.starts.slice(0, this.count + 1), count: this.count };
  }
}

/**
 * A directory's listing from getdents64 on its own fd: each entry's inode and type come with its
 * name, so no entry is stat'ed (only on file systems that report DT_UNKNOWN). `.` and `..` come
 * first, as wasmtime lists them; `..` reports `.`'s inode, as wasmtime does (the parent may be
 * outside the sandbox, and not even its inode may show).
 */
export function listDirectoryNative(addon: NativeAddon, hostFd: number): DirListing {
  const listing = new DirentWriter();
  let rewind = true;
  for (;;) {
    const n = addon.readDirectory(hostFd, records, rewind);
    if (n < 0) throw new WasiError(wasiErrno(n));
    if (n === 0) break;
    rewind = false;
    for (let at = 0; at < n; at += recordView.getUint16(at + RECORD_RECLEN, true)) {
      const nameLength = records.indexOf(0, at + RECORD_NAME) - (at + RECORD_NAME);
      if (records[at + RECORD_NAME] === 0x2e && (nameLength === 1 || (nameLength === 2 && records[at + RECORD_NAME + 1] === 0x2e))) {
        if (nameLength === 1) listing.setDotInodes(records, at);
        continue;
      }
      const dtype = records[at + RECORD_TYPE]!;
      const type = dtype === DT_UNKNOWN ? typeByStat(addon, hostFd, records.subarray(at + RECORD_NAME, at + RECORD_NAME + nameLength)) : FILETYPE_OF_DT[dtype & 15]!;
      listing.addRecord(records, at, nameLength, type);
    }
  }
  return listing.finish();
}

/** The type of an entry the file system did not report (DT_UNKNOWN), without following a symlink. */
function typeByStat(addon: NativeAddon, hostFd: number, name: Uint8Array): number {
  const result = addon.statAt(hostFd, decoder.decode(name), hostStat.words);
  return result < 0 ? Filetype.UNKNOWN : hostStat.filetype;
}
