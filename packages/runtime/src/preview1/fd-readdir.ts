import { fstatSync, lstatSync } from 'node:fs';
import type { WasiContext } from '../context.js';
import type { DirListing, FdEntry } from '../fd/entry.js';
import { filetypeOf } from '../fs/filestat.js';
import { DirentWriter, listDirectoryNative } from '../fs/directory-listing.js';
import { directoryBase } from '../fs/path-resolver.js';
import { nativeIo } from '../fs/sandbox.js';
import { isNodeSystemError } from '../fs/errno-from-node.js';
import { Errno } from './spec.js';

const SLASH = Buffer.from('/');

/**
 * A snapshot of the directory: `.` and `..` first (as wasmtime lists them), then the host's
 * entries in the host's order, each with its real inode and type (lstat: links are not followed).
 */
function listDirectory(entry: FdEntry): DirListing {
  const base = directoryBase(entry);
  const baseBytes = Buffer.from(base);
  const listing = new DirentWriter();
  // `..` carries `.`'s inode, as wasmtime reports it: the parent may be outside the sandbox (a
  // preopen reopened as `.` or `sub/..`), and not even its inode may show.
  listing.setDotInodesTo(fstatSync(entry.hostFd, { bigint: true }).ino);
  // opendir keeps the kernel's order (getdents64's, as wasmtime and the native strategy list);
  // readdirSync would sort the names (libuv's scandir). With 'buffer' the names come as bytes
  // (Node's types for opendirSync leave that encoding out). Fetched here: naming it at load makes
  // Node load its Dir module (~0.5 ms), which only this JavaScript strategy ever uses.
  const dir = process.getBuiltinModule('node:fs').opendirSync(base, { encoding: 'buffer' as BufferEncoding, bufferSize: 1024 });
  try {
    for (let dirent = dir.readSync(); dirent !== null; dirent = dir.readSync()) addEntry(listing, baseBytes, dirent.name as unknown as Buffer);
  } finally {
    dir.closeSync();
  }
  return listing.finish();
}

/** One entry with its inode and type from lstat (links are not followed). */
function addEntry(listing: DirentWriter, baseBytes: Buffer, name: Buffer): void {
  try {
    const stat = lstatSync(Buffer.concat([baseBytes, SLASH, name]), { bigint: true });
    listing.add(stat.ino, filetypeOf(stat), name);
  } catch (error) {
    // Removed between readdir and lstat: it is no longer an entry.
    if (!isNodeSystemError(error) || error.code !== 'ENOENT') throw error;
  }
}

/**
 * Fills the buffer with dirents from `cookie` on. The last entry may be cut short: a guest that
 * sees `bufused == buf_len` reads again from that entry's cookie with a bigger buffer (the spec's rule).
 * `d_next` of entry i is i + 1, so a cookie is an index into the listing taken at cookie 0.
 */
export function fd_readdir(ctx: WasiContext, fd: number, bufPtr: number, bufLen: number, cookie: bigint, bufusedPtr: number): number {
  const entry = ctx.fds.getDirectory(fd);
  const unsignedCookie = BigInt.asUintN(64, cookie);
  if (unsignedCookie === 0n || entry.listing === undefined) {
    // A directory never read is still at its start (a preopen or path_open's fd; only this reads it): no rewind.
    const rewind = entry.directoryRead;
    entry.directoryRead = true;
    entry.listing = nativeIo !== undefined ? listDirectoryNative(nativeIo, entry.hostFd, rewind) : listDirectory(entry);
  }
  const listing = entry.listing;
  const memory = ctx.memory;
  const start = memory.check(bufPtr, bufLen >>> 0, 1);
  memory.check(bufusedPtr, 4, 4);
  // The dirents from the cookie's entry on, cut at the buffer's end (the last may be partial).
  const first = unsignedCookie >= 0xffff_ffffn ? listing.count : Math.min(Number(unsignedCookie), listing.count);
  const from = listing.starts[first]!;
  const length = Math.min(bufLen >>> 0, listing.starts[listing.count]! - from);
  memory.u8.set(listing.bytes.subarray(from, from + length), start);
  memory.setU32(bufusedPtr, length);
  return Errno.SUCCESS;
}
