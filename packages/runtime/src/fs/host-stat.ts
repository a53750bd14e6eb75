import type { BigIntStats, Stats } from 'node:fs';
import type { GuestMemory } from '../memory/guest-memory.js';
import { Filetype, type FilestatLayout } from '../preview1/spec.js';
import { wasiTime } from './filestat.js';

const S_IFMT = 0o170000;

/** The WASI filetype of a host st_mode (sockets as SOCKET_STREAM, as filestat.ts's filetypeOf). */
export function filetypeOfMode(mode: number): number {
  switch (mode & S_IFMT) {
    case 0o100000: return Filetype.REGULAR_FILE;
    case 0o040000: return Filetype.DIRECTORY;
    case 0o120000: return Filetype.SYMBOLIC_LINK;
    case 0o020000: return Filetype.CHARACTER_DEVICE;
    case 0o060000: return Filetype.BLOCK_DEVICE;
    case 0o140000: return Filetype.SOCKET_STREAM;
    default: return Filetype.UNKNOWN;
  }
}

// Word indexes, as native/wasi-kit-native.c's put_stat writes them.
const DEV = 0, INO = 1, MODE = 2, NLINK = 3, SIZE = 4, ATIM = 5, MTIM = 6, CTIM = 7;

/**
 * One stat result as eight little-endian u64 words, filled by the native addon without a BigInt
 * per call, and copied into guest memory as bytes. The sandbox is synchronous, so one instance
 * (`hostStat`) is reused by every call.
 */
export class HostStat {
  readonly words = new BigUint64Array(8);
  private readonly u32 = new Uint32Array(this.words.buffer);

  get mode(): number {
    return this.u32[MODE * 2]!;
  }
  get filetype(): number {
    return filetypeOfMode(this.mode);
  }
  get isDirectory(): boolean {
    return (this.mode & S_IFMT) === 0o040000;
  }
  get isSymbolicLink(): boolean {
    return (this.mode & S_IFMT) === 0o120000;
  }
  get size(): bigint {
    return this.words[SIZE]!;
  }

  /** From a Node stat (the JavaScript strategies). */
  fill(stat: BigIntStats): this {
    const w = this.words;
    w[DEV] = BigInt.asUintN(64, stat.dev);
    w[INO] = BigInt.asUintN(64, stat.ino);
    w[MODE] = BigInt.asUintN(64, stat.mode);
    w[NLINK] = BigInt.asUintN(64, stat.nlink);
    w[SIZE] = BigInt.asUintN(64, stat.size);
    w[ATIM] = wasiTime(stat.atimeNs);
    w[MTIM] = wasiTime(stat.mtimeNs);
    w[CTIM] = wasiTime(stat.ctimeNs);
    return this;
  }

  /** Only the type, from a plain Node stat (after an open, where nothing else is needed). */
  fillMode(stat: Stats): this {
    this.u32[MODE * 2] = stat.mode;
    return this;
  }

  /** Writes a `filestat` in the given layout (preview1 or snapshot 0), as filestat.ts's writeFilestat, without allocating. */
  write(memory: GuestMemory, ptr: number, layout: FilestatLayout): void {
    const p = memory.check(ptr, layout.SIZE, 8);
    const view = memory.view;
    this.put64(view, p + layout.DEV, DEV);
    this.put64(view, p + layout.INO, INO);
    // The filetype byte and the padding after it, as whole words (every other byte is a field).
    view.setUint32(p + layout.FILETYPE, this.filetype, true);
    for (let pad = layout.FILETYPE + 4; pad < layout.NLINK; pad += 4) view.setUint32(p + pad, 0, true);
    if (layout.NLINK_BYTES === 8) this.put64(view, p + layout.NLINK, NLINK);
    else view.setUint32(p + layout.NLINK, this.u32[NLINK * 2]!, true);
    this.put64(view, p + layout.FILESIZE, SIZE);
    this.put64(view, p + layout.ATIM, ATIM);
    this.put64(view, p + layout.MTIM, MTIM);
    this.put64(view, p + layout.CTIM, CTIM);
  }

  private put64(view: DataView, at: number, word: number): void {
    view.setUint32(at, this.u32[word * 2]!, true);
    view.setUint32(at + 4, this.u32[word * 2 + 1]!, true);
  }
}

export const hostStat = new HostStat();
