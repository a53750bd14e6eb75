import type { BigIntStats } from 'node:fs';
import { constants, fdatasyncSync, fstatSync, fsyncSync, ftruncateSync, lstatSync, openSync, readdirSync, readSync, writeSync } from 'node:fs';
import {
  createDirectory, linkBeneath, openBeneath, readlinkBeneath, removeDirectory, renameBeneath, setTimesBeneath, statBeneath, symlinkBeneath, unlinkFile,
} from '../../fs/beneath.js';
import { closeHostFd, type HostOpener } from '../../fs/host-fd.js';
import type { HostStat } from '../../fs/host-stat.js';
import { directoryBase, procFdAvailable, type DirectoryHandle } from '../../fs/path-resolver.js';
import { setTimes } from '../../fs/timestamps.js';
import { GuestMemory } from '../../memory/guest-memory.js';
import { checkAdviceLength, checkReadRange, fileSizeFromGuest, offsetFromGuest, writableFrom } from '../../memory/guest-numbers.js';
import { Errno, Fstflags } from '../../preview1/spec.js';
import { fsCall, type ErrorCode } from './error-code.js';
import { InputStream, IoError, MAX_READ, OutputStream } from './io.js';

/**
 * wasi:filesystem served by wasi-kit's resolver: every path goes through fs/path-resolver.ts (via
 * the same …At functions preview1 uses), leaving a preopen is `not-permitted` as the spec says,
 * and permissions follow wasmtime's (crates/wasi/src/filesystem.rs): a grant is read-only or
 * read-write, and everything opened beneath it keeps that. A read-only grant refuses every change
 * and every open that creates or writes, so no host fd opened through it is ever writable. Within
 * that, the host fd's own mode decides, as the kernel does: a read of a file opened write-only is
 * `bad-descriptor`.
 */

type DescriptorType = 'unknown' | 'block-device' | 'character-device' | 'directory' | 'fifo' | 'symbolic-link' | 'regular-file' | 'socket';
type Datetime = { seconds: bigint; nanoseconds: number };
type NewTimestamp = { tag: 'no-change' } | { tag: 'now' } | { tag: 'timestamp'; val: Datetime };
type PathFlags = { symlinkFollow?: boolean };
type OpenFlags = { create?: boolean; directory?: boolean; exclusive?: boolean; truncate?: boolean };
type DescriptorFlags = {
  read?: boolean; write?: boolean; fileIntegritySync?: boolean; dataIntegritySync?: boolean;
  requestedWriteSync?: boolean; mutateDirectory?: boolean;
};

/** How a descriptor was opened (wasmtime's OpenMode): what get-flags reports; the host fd enforces it. */
export interface OpenMode {
  read: boolean;
  write: boolean;
}

function fail(code: ErrorCode): never {
  throw code;
}

/** A stat from Node (an open descriptor) or from the sandbox (a path), in one shape. */
interface StatFields {
  mode: number;
  dev: bigint;
  ino: bigint;
  nlink: bigint;
  size: bigint;
  atimeNs: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
}

function fromNode(stat: BigIntStats): StatFields {
  return { mode: Number(stat.mode), dev: stat.dev, ino: stat.ino, nlink: stat.nlink, size: stat.size, atimeNs: stat.atimeNs, mtimeNs: stat.mtimeNs, ctimeNs: stat.ctimeNs };
}

/** fs/beneath.ts's HostStat is one shared buffer: copied out at once. Words as host-stat.ts lays them out. */
function fromHost(stat: HostStat): StatFields {
  const [dev, ino, , nlink, size, atimeNs, mtimeNs, ctimeNs] = stat.words;
  return { mode: stat.mode, dev: dev!, ino: ino!, nlink: nlink!, size: size!, atimeNs: atimeNs!, mtimeNs: mtimeNs!, ctimeNs: ctimeNs! };
}

function typeOf(stat: Pick<StatFields, 'mode'>): DescriptorType {
  switch (stat.mode & 0o170000) {
    case 0o100000: return 'regular-file';
    case 0o040000: return 'directory';
    case 0o120000: return 'symbolic-link';
    case 0o020000: return 'character-device';
    case 0o060000: return 'block-device';
    case 0o010000: return 'fifo';
    case 0o140000: return 'socket';
    default: return 'unknown';
  }
}

/**
 * A wall-clock datetime is unsigned: a time before the epoch (a host file's mtime can be, say
 * 1901) has none, as wasmtime leaves it out, instead of wrapping to a time billions of years away.
 */
function datetime(ns: bigint): Datetime | undefined {
  if (ns < 0n) return undefined;
  return { seconds: ns / 1_000_000_000n, nanoseconds: Number(ns % 1_000_000_000n) };
}

function descriptorStat(stat: StatFields) {
  return {
    type: typeOf(stat),
    linkCount: stat.nlink,
    size: stat.size,
    dataAccessTimestamp: datetime(stat.atimeNs),
    dataModificationTimestamp: datetime(stat.mtimeNs),
    statusChangeTimestamp: datetime(stat.ctimeNs),
  };
}

/** The largest time fs/timestamps.ts takes: u64 nanoseconds since the epoch (the year 2554). */
const MAX_TIMESTAMP_NS = (1n << 64n) - 1n;

/**
 * Two new-timestamps as the (atim, mtim, fstflags) triple fs/timestamps.ts takes. A datetime past
 * what the host can set is `overflow`, wasmtime's answer when its SystemTime cannot hold one.
 */
function timesArgs(atime: NewTimestamp, mtime: NewTimestamp): [bigint, bigint, number] {
  const ns = (t: NewTimestamp) => {
    if (t.tag !== 'timestamp') return 0n;
    const total = t.val.seconds * 1_000_000_000n + BigInt(t.val.nanoseconds);
    return total > MAX_TIMESTAMP_NS ? fail('overflow') : total;
  };
  const flag = (t: NewTimestamp, set: number, now: number) => (t.tag === 'timestamp' ? set : t.tag === 'now' ? now : 0);
  return [ns(atime), ns(mtime), flag(atime, Fstflags.ATIM, Fstflags.ATIM_NOW) | flag(mtime, Fstflags.MTIM, Fstflags.MTIM_NOW)];
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** PATH_MAX: the longest link contents readlink-at hands back. */
const LINK_MAX = 4096;
/** fs/beneath.ts copies link contents into guest memory; readlink-at reads them from this page. */
const linkBuffer = new GuestMemory();
linkBuffer.attach(new WebAssembly.Memory({ initial: 1 }));

/** A host name as a WIT string; names that are not UTF-8 cannot cross (wasmtime: illegal-byte-sequence). */
function decodeName(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return fail('illegal-byte-sequence');
  }
}

/**
 * Host fds the session must close when the guest ends; a dropped descriptor closes its own. Each
 * is closed by whoever opened it (fs/host-fd.ts): Node for the preopens, the addon for its opens.
 */
export class OpenFds {
  private readonly fds = new Map<number, HostOpener>();
  add(fd: number, opener: HostOpener): void {
    this.fds.set(fd, opener);
  }
  close(fd: number): void {
    const opener = this.fds.get(fd);
    if (opener === undefined) return;
    this.fds.delete(fd);
    closeHostFd(fd, opener);
  }
  closeAll(): void {
    for (const [fd, opener] of this.fds) closeHostFd(fd, opener);
    this.fds.clear();
  }
}

/** `wasi:filesystem/types.descriptor`. */
export class Descriptor implements DirectoryHandle {
  readonly hostFd: number;
  readonly hostPath: string;
  readonly isDirectory: boolean;
  /** wasmtime's FsPerms: false under a read-only grant, whatever this descriptor was opened for. */
  readonly writable: boolean;
  readonly openMode: OpenMode;
  /** The session's open host fds, where descriptors opened from this one are registered. */
  private readonly open: OpenFds;
  /** Dropping an owned descriptor closes its fd; a preopen's fd belongs to the session. */
  private readonly owned: boolean;

  constructor(hostFd: number, isDirectory: boolean, writable: boolean, openMode: OpenMode, hostPath: string, open: OpenFds, owned: boolean) {
    this.hostFd = hostFd;
    this.isDirectory = isDirectory;
    this.writable = writable;
    this.openMode = openMode;
    this.hostPath = hostPath;
    this.open = open;
    this.owned = owned;
  }

  [Symbol.dispose](): void {
    if (this.owned) this.open.close(this.hostFd);
  }

  /** Another handle to the same preopened directory (each get-directories call hands out new ones). */
  preopenHandle(): Descriptor {
    return new Descriptor(this.hostFd, this.isDirectory, this.writable, this.openMode, this.hostPath, this.open, false);
  }

  private file(): Descriptor {
    return this.isDirectory ? fail('bad-descriptor') : this;
  }

  /** This descriptor as a directory; a file is not-directory (wasmtime's dir()). */
  directory(): Descriptor {
    return this.isDirectory ? this : fail('not-directory');
  }

  /** A directory that may change its entries: not under a read-only grant (not-permitted). */
  private mutable(): Descriptor {
    const dir = this.directory();
    return dir.writable ? dir : fail('not-permitted');
  }

  /** A file whose contents, size or times may change: not under a read-only grant (not-permitted). */
  private writableFile(): Descriptor {
    const file = this.file();
    return file.writable ? file : fail('not-permitted');
  }

  readViaStream(offset: bigint): InputStream {
    // A directory is is-directory here (POSIX's EISDIR on read), as wasmtime answers.
    if (this.isDirectory) fail('is-directory');
    const file = this.file();
    let position = offset;
    return new InputStream({
      read(max) {
        const buffer = new Uint8Array(max);
        const at = offsetFromGuest(position);
        checkReadRange(at, max);
        const n = readSync(file.hostFd, buffer, 0, max, at);
        position += BigInt(n);
        return n === 0 && max > 0 ? undefined : buffer.subarray(0, n);
      },
    });
  }

  writeViaStream(offset: bigint): OutputStream {
    const file = this.writableFile();
    let position = offset;
    return new OutputStream({
      write(bytes) {
        // At least one write(2), even of nothing: the kernel answers for the fd (EBADF when it is
        // not open for writing), as wasmtime's blocking_write loop does.
        let done = 0;
        do {
          // Node writes an unsafe-integer position at the fd's own offset: guest-numbers.ts refuses it (EFBIG).
          const at = offsetFromGuest(position);
          const n = writeSync(file.hostFd, bytes, done, Math.min(bytes.length - done, writableFrom(at)), at as number);
          done += n;
          position += BigInt(n);
        } while (done < bytes.length);
      },
    });
  }

  appendViaStream(): OutputStream {
    const file = this.writableFile();
    return new OutputStream({
      write(bytes) {
        // The host fd has no O_APPEND (open-at has no such flag): each write goes at the current end.
        // At least one write(2), as above.
        let done = 0;
        do done += writeSync(file.hostFd, bytes, done, bytes.length - done, fstatSync(file.hostFd).size);
        while (done < bytes.length);
      },
    });
  }

  /** Advice changes nothing a guest can see; a length past off_t is `invalid`, as fadvise answers. */
  advise(_offset: bigint, length: bigint, _advice: string): void {
    this.file();
    fsCall(() => checkAdviceLength(length));
  }

  syncData(): void {
    fsCall(() => fdatasyncSync(this.hostFd));
  }

  sync(): void {
    fsCall(() => fsyncSync(this.hostFd));
  }

  getFlags(): DescriptorFlags {
    const { read, write } = this.openMode;
    return this.isDirectory ? { read, mutateDirectory: write } : { read, write };
  }

  getType(): DescriptorType {
    if (this.isDirectory) return 'directory';
    return fsCall(() => typeOf(fromNode(fstatSync(this.hostFd, { bigint: true }))));
  }

  setSize(size: bigint): void {
    const file = this.writableFile();
    fsCall(() => ftruncateSync(file.hostFd, fileSizeFromGuest(size)));
  }

  setTimes(atime: NewTimestamp, mtime: NewTimestamp): void {
    // wasmtime converts the times (overflow) before it checks the permission.
    const times = timesArgs(atime, mtime);
    if (!this.writable) fail('not-permitted');
    fsCall(() => setTimes({ hostFd: this.hostFd }, ...times));
  }

  read(length: bigint, offset: bigint): [Uint8Array, boolean] {
    const file = this.file();
    // A u64 length: at most one stream read's worth is allocated (wasmtime's 64 KiB too).
    const buffer = new Uint8Array(length > BigInt(MAX_READ) ? MAX_READ : Number(length));
    const n = fsCall(() => {
      const at = offsetFromGuest(offset);
      checkReadRange(at, buffer.length);
      return readSync(file.hostFd, buffer, 0, buffer.length, at);
    });
    return [buffer.subarray(0, n), n === 0];
  }

  write(buffer: Uint8Array, offset: bigint): bigint {
    const file = this.writableFile();
    return BigInt(fsCall(() => {
      const at = offsetFromGuest(offset);
      return writeSync(file.hostFd, buffer, 0, Math.min(buffer.length, writableFrom(at)), at as number);
    }));
  }

  readDirectory(): DirectoryEntryStream {
    const dir = this.directory();
    const base = directoryBase(dir);
    return fsCall(() => new DirectoryEntryStream(base, readdirSync(base, { encoding: 'buffer', withFileTypes: true })));
  }

  createDirectoryAt(path: string): void {
    const dir = this.mutable();
    fsCall(() => createDirectory(dir, path));
  }

  stat() {
    return fsCall(() => descriptorStat(fromNode(fstatSync(this.hostFd, { bigint: true }))));
  }

  statAt(pathFlags: PathFlags, path: string) {
    return descriptorStat(this.pathStat(pathFlags, path));
  }

  /** The stat of a path beneath this directory, its final symlink followed when asked. */
  private pathStat(pathFlags: PathFlags, path: string): StatFields {
    const dir = this.directory();
    return fsCall(() => fromHost(statBeneath(dir, path, pathFlags.symlinkFollow === true)));
  }

  setTimesAt(pathFlags: PathFlags, path: string, atime: NewTimestamp, mtime: NewTimestamp): void {
    this.directory();
    const times = timesArgs(atime, mtime);
    const dir = this.mutable();
    fsCall(() => setTimesBeneath(dir, path, pathFlags.symlinkFollow === true, ...times));
  }

  linkAt(oldPathFlags: PathFlags, oldPath: string, newDescriptor: Descriptor, newPath: string): void {
    // Both must be directories (not-directory) before either's permission is asked, as wasmtime.
    newDescriptor.directory();
    const dir = this.mutable();
    const target = newDescriptor.mutable();
    // Following a source symlink could link to something outside; wasmtime refuses it the same way.
    if (oldPathFlags.symlinkFollow) fail('invalid');
    fsCall(() => linkBeneath(dir, oldPath, target, newPath));
  }

  /**
   * wasmtime's open_at, step for step: creating or truncating opens for writing too, a descriptor
   * not asked to write is opened for reading (so the host lets it be opened at all), the sync
   * flags are unsupported, a directory cannot be created, truncated or exclusive, and a read-only
   * grant refuses whatever would create or write.
   */
  openAt(pathFlags: PathFlags, path: string, openFlags: OpenFlags, flags: DescriptorFlags): Descriptor {
    const dir = this.directory();
    const { create = false, directory = false, exclusive = false, truncate = false } = openFlags;
    const openMode: OpenMode = { read: flags.read === true || flags.write !== true, write: create || truncate || flags.write === true };
    if (flags.fileIntegritySync || flags.dataIntegritySync || flags.requestedWriteSync) fail('unsupported');
    if (directory && (create || exclusive || truncate)) fail('invalid');
    if (!dir.writable && openMode.write) fail('not-permitted');
    let hostFlags = openMode.write ? (openMode.read ? constants.O_RDWR : constants.O_WRONLY) : constants.O_RDONLY;
    // exclusive means something only with create (cap-std's create_new).
    if (create) hostFlags |= exclusive ? constants.O_CREAT | constants.O_EXCL : constants.O_CREAT;
    if (truncate) hostFlags |= constants.O_TRUNC;
    if (directory) hostFlags |= constants.O_DIRECTORY;
    return fsCall(() => {
      const { fd: hostFd, opener, hostPath: openedPath } = openBeneath(dir, path, { flags: hostFlags, follow: pathFlags.symlinkFollow === true });
      let isDirectory: boolean;
      try {
        isDirectory = fstatSync(hostFd).isDirectory();
      } catch (error) {
        closeHostFd(hostFd, opener);
        throw error;
      }
      dir.open.add(hostFd, opener);
      return new Descriptor(hostFd, isDirectory, dir.writable, openMode, procFdAvailable ? '' : openedPath, dir.open, true);
    });
  }

  readlinkAt(path: string): string {
    const dir = this.directory();
    const length = fsCall(() => readlinkBeneath(dir, path, linkBuffer, 0, LINK_MAX));
    return decodeName(linkBuffer.u8.slice(0, length));
  }

  removeDirectoryAt(path: string): void {
    const dir = this.mutable();
    fsCall(() => removeDirectory(dir, path));
  }

  renameAt(oldPath: string, newDescriptor: Descriptor, newPath: string): void {
    newDescriptor.directory();
    const dir = this.mutable();
    const target = newDescriptor.mutable();
    fsCall(() => renameBeneath(dir, oldPath, target, newPath));
  }

  symlinkAt(oldPath: string, newPath: string): void {
    const dir = this.mutable();
    fsCall(() => symlinkBeneath(oldPath, dir, newPath));
  }

  unlinkFileAt(path: string): void {
    const dir = this.mutable();
    fsCall(() => unlinkFile(dir, path));
  }

  isSameObject(other: Descriptor): boolean {
    const [a, b] = [fstatSync(this.hostFd, { bigint: true }), fstatSync(other.hostFd, { bigint: true })];
    return a.dev === b.dev && a.ino === b.ino;
  }

  metadataHash() {
    return fsCall(() => metadataHashOf(fromNode(fstatSync(this.hostFd, { bigint: true }))));
  }

  metadataHashAt(pathFlags: PathFlags, path: string) {
    return metadataHashOf(this.pathStat(pathFlags, path));
  }
}

/** Same object and same contents version give the same hash; the inode itself is not handed out. */
function metadataHashOf(stat: StatFields): { lower: bigint; upper: bigint } {
  const digest = process.getBuiltinModule('node:crypto').createHash('sha256').update(`${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}`).digest();
  return { lower: digest.readBigUInt64LE(0), upper: digest.readBigUInt64LE(8) };
}

type HostDirent = { name: Buffer; isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isFIFO(): boolean; isSocket(): boolean };

/** `wasi:filesystem/types.directory-entry-stream`: a snapshot taken when it was opened, without `.` and `..`. */
export class DirectoryEntryStream {
  private readonly base: string;
  private readonly entries: HostDirent[];
  private next = 0;

  constructor(base: string, entries: HostDirent[]) {
    this.base = base;
    this.entries = entries;
  }

  readDirectoryEntry(): { type: DescriptorType; name: string } | undefined {
    const entry = this.entries[this.next++];
    if (entry === undefined) return undefined;
    const name = decodeName(entry.name);
    let type: DescriptorType;
    if (entry.isFile()) type = 'regular-file';
    else if (entry.isDirectory()) type = 'directory';
    else if (entry.isSymbolicLink()) type = 'symbolic-link';
    else if (entry.isCharacterDevice()) type = 'character-device';
    else if (entry.isBlockDevice()) type = 'block-device';
    else if (entry.isFIFO()) type = 'fifo';
    else if (entry.isSocket()) type = 'socket';
    else type = fsCall(() => typeOf(fromNode(lstatSync(`${this.base}/${name}`, { bigint: true }))));
    return { type, name };
  }
}

/** `filesystem-error-code`: the code behind a stream's last-operation-failed, when it came from the filesystem. */
export function filesystemErrorCode(error: IoError): ErrorCode | undefined {
  return error instanceof IoError ? error.code : undefined;
}

/** A preopen the session opened: its guest path and the host directory's fd. */
export interface PreopenDescriptor {
  guestPath: string;
  descriptor: Descriptor;
}

/** Opens each grant's host directory: read-only grants are opened for reading, the others for both (get-flags says so). */
export function openPreopens(grants: { guestPath: string; hostPath: string; readonly: boolean }[], open: OpenFds): PreopenDescriptor[] {
  return grants.map((grant) => {
    const hostFd = openSync(grant.hostPath, constants.O_RDONLY | constants.O_DIRECTORY);
    open.add(hostFd, 'node');
    const openMode: OpenMode = { read: true, write: !grant.readonly };
    return { guestPath: grant.guestPath, descriptor: new Descriptor(hostFd, true, !grant.readonly, openMode, grant.hostPath, open, false) };
  });
}

export function filesystemInterfaces(preopens: PreopenDescriptor[]) {
  return {
    'wasi:filesystem/types': { Descriptor, DirectoryEntryStream, filesystemErrorCode },
    'wasi:filesystem/preopens': {
      getDirectories: (): [Descriptor, string][] => preopens.map(({ guestPath, descriptor }) => [descriptor.preopenHandle(), guestPath]),
    },
  };
}
