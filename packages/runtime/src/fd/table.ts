import { WasiError } from '../failures.js';
import { closeHostFd } from '../fs/host-fd.js';
import { Errno } from '../preview1/spec.js';
import type { FdEntry } from './entry.js';

/**
 * The guest's descriptor table, and the one place a descriptor is checked for what a call needs
 * (as wasmtime's p1 `get_file`/`get_dir_fd` do): an unknown fd is EBADF, the wrong kind EBADF or
 * ENOTDIR, a missing access mode EBADF, and a change beneath a read-only grant EPERM.
 */
export class FdTable {
  private readonly entries: (FdEntry | undefined)[] = [];
  /** Every number below entries.length that is not open, ascending: the next insert takes the last. */
  private readonly free: number[] = [];

  get(fd: number): FdEntry {
    const entry = this.entries[fd >>> 0];
    if (entry === undefined) throw new WasiError(Errno.BADF);
    return entry;
  }

  /**
   * A file-like descriptor (file or stdio): directories are EBADF for file operations, as in
   * wasmtime, and so is reading or writing a descriptor not open for it (`access`, POSIX read/write).
   */
  getFile(fd: number, access = 0): FdEntry {
    const entry = this.entries[fd >>> 0];
    if (entry === undefined || entry.kind === 'directory' || (entry.access & access) !== access) throw new WasiError(Errno.BADF);
    return entry;
  }

  /** A file path_open made (not stdio, not a directory): EBADF otherwise, as wasmtime's `get_file` (advise, sync, set-size, set-flags). */
  getOpenedFile(fd: number): FdEntry {
    const entry = this.openedFileOrErrno(fd);
    if (typeof entry === 'number') throw new WasiError(entry);
    return entry;
  }

  /**
   * getOpenedFile for a hot caller: EBADF returned, not thrown (a throw costs more than the call).
   * SQLite syncs its directory after creating each journal, which is EBADF every transaction.
   */
  openedFileOrErrno(fd: number): FdEntry | Errno {
    const entry = this.entries[fd >>> 0];
    return entry === undefined || entry.kind !== 'file' ? Errno.BADF : entry;
  }

  /**
   * A directory descriptor for path_* calls and fd_readdir: anything else is EBADF, as wasmtime's
   * `get_dir_fd` answers; path_open passes ENOTDIR as `fileErrno` for a file (wasmtime's path_open).
   */
  getDirectory(fd: number, fileErrno: number = Errno.BADF): FdEntry {
    const entry = this.entries[fd >>> 0];
    if (entry === undefined) throw new WasiError(Errno.BADF);
    if (entry.kind !== 'directory') throw new WasiError(entry.kind === 'file' ? fileErrno : Errno.BADF);
    return entry;
  }

  /** A directory whose tree the call changes: beneath a read-only grant, EPERM (wasmtime's NotPermitted). */
  getMutableDirectory(fd: number): FdEntry {
    return mutable(this.getDirectory(fd));
  }

  has(fd: number): boolean {
    return this.entries[fd >>> 0] !== undefined;
  }

  peek(fd: number): FdEntry | undefined {
    return this.entries[fd >>> 0];
  }

  /** Puts stdio at 0, 1 and 2, before anything is inserted. */
  set(fd: number, entry: FdEntry): void {
    if (fd !== this.entries.length) throw new Error(`fd ${fd} set out of order`);
    this.entries[fd] = entry;
  }

  /**
   * Inserts at the highest number closed and not reused yet, else one past the highest open: the
   * numbers wasmtime's p1 gives (its free set's pop_last, else the last used + 1).
   */
  insert(entry: FdEntry): number {
    const fd = this.free.pop() ?? this.entries.length;
    this.entries[fd] = entry;
    return fd;
  }

  /** Removes the fd and closes what it owns (stdio host fds stay open: they belong to the embedder). */
  close(fd: number): void {
    const entry = this.entries[fd >>> 0];
    if (entry === undefined) throw new WasiError(Errno.BADF);
    this.release(fd >>> 0);
    releaseHost(entry);
  }

  /** fd_renumber: `to` must be open; it is closed and replaced by `from`. */
  renumber(from: number, to: number): void {
    const source = this.entries[from >>> 0];
    const target = this.entries[to >>> 0];
    if (source === undefined || target === undefined) throw new WasiError(Errno.BADF);
    if (from >>> 0 === to >>> 0) return;
    this.entries[to >>> 0] = source;
    this.release(from >>> 0);
    releaseHost(target);
  }

  /** Marks `fd` not open, its number kept in order among the free ones. */
  private release(fd: number): void {
    this.entries[fd] = undefined;
    let low = 0;
    let high = this.free.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.free[middle]! < fd) low = middle + 1;
      else high = middle;
    }
    this.free.splice(low, 0, fd);
  }

  /** Closes every host fd the table owns (after the guest finishes). */
  closeAll(): void {
    for (let fd = 0; fd < this.entries.length; fd++) {
      const entry = this.entries[fd];
      if (entry !== undefined) releaseHost(entry);
      this.entries[fd] = undefined;
    }
    this.entries.length = 0;
    this.free.length = 0;
  }
}

/** The entry, unless it lies beneath a read-only grant (EPERM). */
export function mutable(entry: FdEntry): FdEntry {
  if (entry.readonly) throw new WasiError(Errno.PERM);
  return entry;
}

function releaseHost(entry: FdEntry): void {
  // By `stdio`, not `kind`: closing a descriptor whose type was never read does not read it.
  if (entry.stdio === undefined) closeHostFd(entry.hostFd, entry.hostOpener);
}
