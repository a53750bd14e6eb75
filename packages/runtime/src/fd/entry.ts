import { fstatSync } from 'node:fs';
import { filetypeOfMode, HostStat } from '../fs/host-stat.js';
import { nativeIo } from '../fs/sandbox.js';
import { Filetype } from '../preview1/spec.js';
import type { HostOpener } from '../fs/host-fd.js';
import type { StdioStream } from './stdio.js';

/** A filetype not read yet (fd/entry.ts's `filetype` reads it when asked). */
export const FILETYPE_UNREAD = -1;

/** Its own stat buffer: a type read while a path call's `hostStat` is still being read leaves that alone. */
const typeStat = new HostStat();

/**
 * A host fd's WASI filetype, by one fstat through the addon where there is one (no Stats object:
 * SQLite's directory fsync asks it of a fresh fd every transaction). A failure is Node's error.
 */
function readFiletype(hostFd: number): number {
  if (nativeIo !== undefined && nativeIo.statFd(hostFd, typeStat.words) === 0) return typeStat.filetype;
  return filetypeOfMode(fstatSync(hostFd).mode);
}

export type FdKind = 'file' | 'directory' | 'stdio';

/**
 * How the host descriptor is open (wasmtime's `OpenMode`): reading or writing a descriptor not
 * open for it is EBADF. Preview1 rights are not enforced (wasmtime stopped enforcing them; guests
 * open directories with no rights at all and use them): fd_fdstat_get reports rights derived from
 * this, and a read-only grant is `readonly` on every descriptor opened beneath it.
 */
export const Access = { READ: 1, WRITE: 2 } as const;

/**
 * A directory listing snapshot, taken when a guest reads from cookie 0 (see fd-readdir.ts): the
 * entries already as WASI dirents back to back (entry i's d_next is i + 1), so a read from any
 * cookie is one copy. Built by fs/directory-listing.ts.
 */
export interface DirListing {
  bytes: Uint8Array;
  /** Where entry i starts in `bytes`; `starts[count]` is the end. */
  starts: Uint32Array;
  count: number;
}

/**
 * One open guest descriptor. A single class (one hidden-class shape) keeps lookups on the
 * fd_read/fd_write path monomorphic.
 */
export class FdEntry {
  /** Undefined while the type is unread: a path_open that read only (so maybe of a directory). */
  private knownKind: FdKind | undefined;
  /** Host fd for files and directories, or the host fd behind a stdio stream (-1 if in memory). */
  hostFd: number;
  /** Who opened `hostFd`, and so closes it (fs/host-fd.ts): the addon for the native strategy's path_open. */
  hostOpener: HostOpener = 'node';
  private type: number;
  /** Access bits (`Access`) the host descriptor was opened with. */
  access: number;
  /** Opened beneath a read-only grant: anything that would change the tree or a file is EPERM (wasmtime's FsPerms::ReadOnly). */
  readonly: boolean;
  fdflags = 0;
  /** The guest's file offset: Node has no lseek, so reads and writes are positional. */
  position = 0;
  /** Set for the directories given as preopens: the guest path fd_prestat_dir_name reports. */
  preopenPath: string | undefined = undefined;
  /** Host path of a directory (used by the portable resolver and for messages). */
  hostPath: string;
  stdio: StdioStream | undefined = undefined;
  listing: DirListing | undefined = undefined;
  /** fd_readdir has read the host directory fd: a new listing seeks back to its start first. */
  directoryRead = false;

  /** `kind` undefined (with FILETYPE_UNREAD): a file or a directory, told by its type when first needed. */
  constructor(kind: FdKind | undefined, hostFd: number, filetype: number, access: number, readonly: boolean, hostPath = '') {
    this.knownKind = kind;
    this.hostFd = hostFd;
    this.type = filetype;
    this.access = access;
    this.readonly = readonly;
    this.hostPath = hostPath;
  }

  get kind(): FdKind {
    return this.knownKind ?? this.learnFiletype(readFiletype(this.hostFd)).knownKind!;
  }

  /**
   * The WASI filetype. path_open reads none (FILETYPE_UNREAD) unless O_DIRECTORY told it: most
   * opened files are read or written, or stat'ed (fd_filestat_get learns it then), before anyone
   * asks, and an open that writes cannot be a directory. It is read on first use.
   */
  get filetype(): number {
    if (this.type === FILETYPE_UNREAD) this.learnFiletype(readFiletype(this.hostFd));
    return this.type;
  }

  /** The filetype a stat of the host fd showed: with it, a descriptor whose type was unread knows its kind. */
  learnFiletype(filetype: number): this {
    if (this.type !== FILETYPE_UNREAD) return this;
    this.type = filetype;
    if (this.knownKind === undefined) {
      this.knownKind = filetype === Filetype.DIRECTORY ? 'directory' : 'file';
      // A directory has no fdflags (path_open keeps them for files only).
      if (this.knownKind === 'directory') this.fdflags = 0;
    }
    return this;
  }
}
