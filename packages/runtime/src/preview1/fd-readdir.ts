import { fstatSync, lstatSync, readdirSync } from 'node:fs';
import type { WasiContext } from '../context.js';
import type { DirListing, FdEntry } from '../fd/entry.js';
import { WasiError } from '../failures.js';
import { filetypeOf } from '../fs/filestat.js';
import { listDirectoryNative } from '../fs/directory-listing.js';
import { directoryBase } from '../fs/path-resolver.js';
import { nativeIo } from '../fs/sandbox.js';
import { isNodeSystemError } from '../fs/errno-from-node.js';
import { Dirent, Errno, Rights } from './spec.js';

const DOT = Buffer.from('.');
const DOT_DOT = Buffer.from('..');
const SLASH = Buffer.from('/');

/**
 * A snapshot of the directory: `.` and `..` first (as wasmtime lists them), then the host's
 * entries in the host's order, each with its real inode and type (lstat: links are not followed).
 */
function listDirectory(entry: FdEntry): DirListing {
  const base = directoryBase(entry);
  const baseBytes = Buffer.from(base);
  const self = fstatSync(entry.hostFd, { bigint: true });
  // `..` carries `.`'s inode, as wasmtime reports it: the parent may be outside the sandbox (a
  // preopen reopened as `.` or `sub/..`), and not even its inode may show.
  const names: Uint8Array[] = [DOT, DOT_DOT];
  const inodes: bigint[] = [self.ino, self.ino];
  const types: number[] = [filetypeOf(self), filetypeOf(self)];
  for (const name of readdirSync(base, { encoding: 'buffer' })) {
    try {
      const stat = lstatSync(Buffer.concat([baseBytes, SLASH, name]), { bigint: true });
      names.push(name);
      inodes.push(stat.ino);
      types.push(filetypeOf(stat));
    } catch (error) {
      // Removed between readdir and lstat: it is no longer an entry.
      if (!isNodeSystemError(error) || error.code !== 'ENOENT') throw error;
    }
  }
  return { names, inodes, types };
}

/**
 * Fills the buffer with dirents from `cookie` on. The last entry may be cut short: a guest that
 * sees `bufused == buf_len` reads again from that entry's cookie with a bigger buffer (the spec's rule).
 * `d_next` of entry i is i + 1, so a cookie is an index into the listing taken at cookie 0.
 */
export function fd_readdir(ctx: WasiContext, fd: number, bufPtr: number, bufLen: number, cookie: bigint, bufusedPtr: number): number {
  const entry = ctx.fds.get(fd, 0);
  if (entry.kind !== 'directory') throw new WasiError(Errno.NOTDIR);
  ctx.fds.get(fd, Rights.FD_READDIR);
  const unsignedCookie = BigInt.asUintN(64, cookie);
  if (unsignedCookie === 0n || entry.listing === undefined) {
    entry.listing = nativeIo !== undefined ? listDirectoryNative(nativeIo, entry.hostFd) : listDirectory(entry);
  }
  const listing = entry.listing;
  const memory = ctx.memory;
  const start = memory.check(bufPtr, bufLen >>> 0, 1);
  const end = start + (bufLen >>> 0);
  memory.check(bufusedPtr, 4, 4);
  const header = new DataView(new ArrayBuffer(Dirent.SIZE));
  const headerBytes = new Uint8Array(header.buffer);
  let cursor = start;
  const first = unsignedCookie > BigInt(listing.names.length) ? listing.names.length : Number(unsignedCookie);
  for (let i = first; i < listing.names.length && cursor < end; i++) {
    const name = listing.names[i]!;
    header.setBigUint64(Dirent.NEXT, BigInt(i + 1), true);
    header.setBigUint64(Dirent.INO, listing.inodes[i]!, true);
    header.setUint32(Dirent.NAMLEN, name.length, true);
    header.setUint32(Dirent.TYPE, listing.types[i]!, true);
    const headerPart = Math.min(Dirent.SIZE, end - cursor);
    memory.u8.set(headerBytes.subarray(0, headerPart), cursor);
    cursor += headerPart;
    const namePart = Math.min(name.length, end - cursor);
    memory.u8.set(name.subarray(0, namePart), cursor);
    cursor += namePart;
  }
  memory.setU32(bufusedPtr, cursor - start);
  return Errno.SUCCESS;
}
