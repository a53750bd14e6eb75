import { WasiError } from '../failures.js';
import type { DirListing } from '../fd/entry.js';
import { Filetype } from '../preview1/spec.js';
import { hostStat } from './host-stat.js';
import { type NativeAddon, wasiErrno } from './native-addon.js';

const DOT = new Uint8Array([0x2e]);
const DOT_DOT = new Uint8Array([0x2e, 0x2e]);

/** linux_dirent64's d_type → WASI filetype (a FIFO is UNKNOWN, as filestat.ts's filetypeOf has it). */
const FILETYPE_OF_DT: Record<number, number> = { 2: Filetype.CHARACTER_DEVICE, 4: Filetype.DIRECTORY, 6: Filetype.BLOCK_DEVICE, 8: Filetype.REGULAR_FILE, 10: Filetype.SYMBOLIC_LINK, 12: Filetype.SOCKET_STREAM, 1: Filetype.UNKNOWN };
const DT_UNKNOWN = 0;

const records = new Uint8Array(64 * 1024);
const recordView = new DataView(records.buffer);
const decoder = new TextDecoder();

/**
 * A directory's listing from getdents64 on its own fd: each entry's inode and type come with its
 * name, so no entry is stat'ed (only on file systems that report DT_UNKNOWN). `.` and `..` come
 * first, as wasmtime lists them; `..` reports `.`'s inode, as wasmtime does (the parent may be
 * outside the sandbox, and not even its inode may show).
 */
export function listDirectoryNative(addon: NativeAddon, hostFd: number): DirListing {
  const names: Uint8Array[] = [DOT, DOT_DOT];
  const inodes: bigint[] = [0n, 0n];
  let selfIno = 0n;
  const types: number[] = [Filetype.DIRECTORY, Filetype.DIRECTORY];
  let rewind = true;
  for (;;) {
    const n = addon.readDirectory(hostFd, records, rewind);
    if (n < 0) throw new WasiError(wasiErrno(n));
    if (n === 0) break;
    rewind = false;
    for (let at = 0; at < n; at += recordView.getUint16(at + 16, true)) {
      const end = records.indexOf(0, at + 19);
      const name = records.slice(at + 19, end);
      const ino = recordView.getBigUint64(at, true);
      if (name.length <= 2 && name[0] === 0x2e && (name.length === 1 || name[1] === 0x2e)) {
        if (name.length === 1) selfIno = ino;
        continue;
      }
      const dtype = records[at + 18]!;
      names.push(name);
      inodes.push(ino);
      types.push(dtype === DT_UNKNOWN ? typeByStat(addon, hostFd, name) : FILETYPE_OF_DT[dtype] ?? Filetype.UNKNOWN);
    }
  }
  inodes[0] = selfIno;
  inodes[1] = selfIno;
  return { names, inodes, types };
}

/** The type of an entry the file system did not report (DT_UNKNOWN), without following a symlink. */
function typeByStat(addon: NativeAddon, hostFd: number, name: Uint8Array): number {
  const result = addon.statAt(hostFd, decoder.decode(name), hostStat.words);
  return result < 0 ? Filetype.UNKNOWN : hostStat.filetype;
}

