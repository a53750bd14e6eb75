import { WasiError } from '../failures.js';
import { closeHostFd } from '../fs/host-fd.js';
import { Errno, Rights } from '../preview1/spec.js';

const ACCESS_RIGHTS = Rights.FD_READ | Rights.FD_WRITE;
import type { FdEntry } from './entry.js';

/**
 * The guest's descriptor table. `get(fd, rightsBase, rightsInheriting)` is the one place rights
 * are checked (uvwasi's `uvwasi_fd_table_get`): an unknown fd is EBADF, missing rights ENOTCAPABLE.
 */
export class FdTable {
  private readonly entries: (FdEntry | undefined)[] = [];

  get(fd: number, rightsBase: number, rightsInheriting = 0): FdEntry {
    const entry = this.entries[fd >>> 0];
    if (entry === undefined) throw new WasiError(Errno.BADF);
    if ((entry.rightsBase & rightsBase) !== rightsBase || (entry.rightsInheriting & rightsInheriting) !== rightsInheriting) {
      throw new WasiError(Errno.NOTCAPABLE);
    }
    return entry;
  }

  /**
   * A file-like descriptor (file or stdio): directories are EBADF for file operations, as in
   * wasmtime. Reading or writing a descriptor not open for it is EBADF too (POSIX read/write, and
   * the WASI testsuite's path_open_read_without_rights); other missing rights are ENOTCAPABLE.
   */
  getFile(fd: number, rightsBase: number): FdEntry {
    const entry = this.entries[fd >>> 0];
    if (entry === undefined || entry.kind === 'directory') throw new WasiError(Errno.BADF);
    const missing = rightsBase & ~entry.rightsBase;
    if (missing !== 0) throw new WasiError((missing & ACCESS_RIGHTS) !== 0 ? Errno.BADF : Errno.NOTCAPABLE);
    return entry;
  }

  /** A directory descriptor for path_* calls: anything else is ENOTDIR. */
  getDirectory(fd: number, rightsBase: number, rightsInheriting = 0): FdEntry {
    const entry = this.entries[fd >>> 0];
    if (entry === undefined) throw new WasiError(Errno.BADF);
    if (entry.kind !== 'directory') throw new WasiError(Errno.NOTDIR);
    if ((entry.rightsBase & rightsBase) !== rightsBase || (entry.rightsInheriting & rightsInheriting) !== rightsInheriting) {
      throw new WasiError(Errno.NOTCAPABLE);
    }
    return entry;
  }

  has(fd: number): boolean {
    return this.entries[fd >>> 0] !== undefined;
  }

  peek(fd: number): FdEntry | undefined {
    return this.entries[fd >>> 0];
  }

  set(fd: number, entry: FdEntry): void {
    this.entries[fd] = entry;
  }

  /** Inserts at the lowest free number, as POSIX open() does. */
  insert(entry: FdEntry): number {
    let fd = this.entries.indexOf(undefined);
    if (fd === -1) fd = this.entries.length;
    this.entries[fd] = entry;
    return fd;
  }

  /** Removes the fd and closes what it owns (stdio host fds stay open: they belong to the embedder). */
  close(fd: number): void {
    const entry = this.entries[fd >>> 0];
    if (entry === undefined) throw new WasiError(Errno.BADF);
    this.entries[fd >>> 0] = undefined;
    releaseHost(entry);
  }

  /** fd_renumber: `to` must be open; it is closed and replaced by `from`. */
  renumber(from: number, to: number): void {
    const source = this.entries[from >>> 0];
    const target = this.entries[to >>> 0];
    if (source === undefined || target === undefined) throw new WasiError(Errno.BADF);
    if (from >>> 0 === to >>> 0) return;
    this.entries[to >>> 0] = source;
    this.entries[from >>> 0] = undefined;
    releaseHost(target);
  }

  /** Closes every host fd the table owns (after the guest finishes). */
  closeAll(): void {
    for (let fd = 0; fd < this.entries.length; fd++) {
      const entry = this.entries[fd];
      if (entry !== undefined) releaseHost(entry);
      this.entries[fd] = undefined;
    }
  }
}

function releaseHost(entry: FdEntry): void {
  if (entry.kind !== 'stdio') closeHostFd(entry.hostFd, entry.hostOpener);
}
