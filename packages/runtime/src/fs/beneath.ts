import { constants } from 'node:fs';
import { WasiError } from '../failures.js';
import { encodeUtf8, type GuestBytes, type GuestMemory } from '../memory/guest-memory.js';
import { Errno, type FilestatLayout } from '../preview1/spec.js';
import { GuestPath } from './guest-path.js';
import { hostStat, type HostStat } from './host-stat.js';
import { jsStrategy } from './js-strategy.js';
import { nativeAddon } from './native-addon.js';
import { nativeStrategy } from './native-strategy.js';
import { type At, type DirectoryHandle, type EntryChange, ESCAPE, type OpenedObject, type SandboxStrategy, sandboxStrategy } from './sandbox.js';

/**
 * THE sandbox: every guest path becomes a host object here, and nowhere else. This module holds the
 * whole path policy, the same for every strategy (sandbox.ts): which paths are refused and with
 * which errno, what a trailing slash, `.` and `..` mean, when a final symlink is followed. The
 * strategy only resolves beneath the directory and makes the one host call. The errnos are
 * wasmtime's, as the WASI testsuite checks them.
 */
const strategy: SandboxStrategy = sandboxStrategy === 'native' ? nativeStrategy(nativeAddon!) : jsStrategy(sandboxStrategy);

/**
 * A guest path: a string (the component host), or its bytes still in guest memory (preview1's
 * handlers, through GuestMemory.readPath: in bounds and valid UTF-8 already).
 */
export type PathArg = string | GuestBytes;

const SLASH = 47;

/** The rules every guest path follows before anything is looked up; trailing slashes come off (`a/b/` → `a/b`). */
function guestPath(raw: PathArg): GuestPath {
  if (typeof raw === 'string') {
    if (raw.length === 0) throw new WasiError(Errno.NOENT);
    // An absolute path names something outside every capability.
    if (raw.charCodeAt(0) === SLASH) throw new WasiError(ESCAPE);
    if (raw.includes('\0')) throw new WasiError(Errno.INVAL);
    let end = raw.length;
    while (raw.charCodeAt(end - 1) === SLASH) end--;
    const path = raw.slice(0, end);
    const bytes = encodeUtf8(path);
    return new GuestPath(bytes, 0, bytes.length, end !== raw.length, path);
  }
  // The same rules, in the same order, on the bytes.
  const { bytes, start, length } = raw;
  if (length === 0) throw new WasiError(Errno.NOENT);
  if (bytes[start] === SLASH) throw new WasiError(ESCAPE);
  let end = start + length;
  for (let i = start; i < end; i++) if (bytes[i] === 0) throw new WasiError(Errno.INVAL);
  while (bytes[end - 1] === SLASH) end--;
  return new GuestPath(bytes, start, end - start, end !== start + length, undefined);
}

export interface OpenOptions {
  /** Host open(2) flags (access, O_CREAT, O_EXCL, O_TRUNC, O_DIRECTORY, sync flags); O_NOFOLLOW is the sandbox's to add. */
  flags: number;
  /** Follow a final symlink (LOOKUPFLAGS_SYMLINK_FOLLOW); intermediate ones are always followed, beneath the directory. */
  follow: boolean;
}

/** Opens a guest path beneath `dir`. The opened object's type is in `hostStat` afterwards. */
export function openBeneath(dir: DirectoryHandle, raw: PathArg, options: OpenOptions): OpenedObject {
  const opened = openBeneathOrErrno(dir, raw, options);
  if (typeof opened === 'number') throw new WasiError(opened);
  return opened;
}

/**
 * openBeneath for a hot caller (path_open): a failed lookup comes back as its errno instead of a
 * throw, which costs more than the syscall (a missing file is an everyday answer). The path rules
 * still throw.
 */
export function openBeneathOrErrno(dir: DirectoryHandle, raw: PathArg, options: OpenOptions): OpenedObject | Errno {
  const path = guestPath(raw);
  let { flags, follow } = options;
  if (path.trailingSlash) {
    // "name/" must be a directory; a trailing slash never creates one.
    if ((flags & constants.O_CREAT) !== 0) throw new WasiError(Errno.ISDIR);
    flags |= constants.O_DIRECTORY;
    follow = true;
  }
  return strategy.open(dir, path, flags, follow);
}

/**
 * Resolves a guest path beneath `dir` up to its final component and runs `action` on it, for one
 * host call; a failed lookup is returned as its errno. With `follow`, a final symlink is followed
 * (beneath `dir`) first.
 */
function withAt(dir: DirectoryHandle, raw: PathArg, follow: boolean, action: (at: At, trailingSlash: boolean) => number, lookupFailed = (errno: Errno): number => errno): number {
  const path = guestPath(raw);
  const at = strategy.at(dir, path, follow);
  if (typeof at === 'number') return lookupFailed(at);
  try {
    return action(at, path.trailingSlash);
  } finally {
    at.release();
  }
}

/** path_filestat_get: a trailing slash follows a final symlink and requires a directory. */
export function statBeneath(dir: DirectoryHandle, raw: PathArg, follow: boolean): HostStat {
  succeed(statBeneathOrErrno(dir, raw, follow));
  return hostStat;
}

/** statBeneath for a hot caller: fills `hostStat` and returns SUCCESS, or returns the lookup's errno (a stat of nothing is everyday). */
export function statBeneathOrErrno(dir: DirectoryHandle, raw: PathArg, follow: boolean): Errno {
  const path = guestPath(raw);
  return strategy.stat(dir, path, follow || path.trailingSlash, path.trailingSlash);
}

/**
 * path_filestat_get: statBeneathOrErrno that on success also writes the guest's filestat at `ptr`
 * in `layout` (a Trap when it does not fit), in the one native call where the strategy can.
 */
export function filestatBeneathOrErrno(dir: DirectoryHandle, raw: PathArg, follow: boolean, memory: GuestMemory, ptr: number, layout: FilestatLayout): Errno {
  const path = guestPath(raw);
  const follows = follow || path.trailingSlash;
  if (strategy.statToGuest !== undefined && path.bytes === memory.u8 && memory.fits(ptr, layout.SIZE, 8)) {
    return strategy.statToGuest(dir, path, follows, path.trailingSlash, memory, ptr, layout);
  }
  // A filestat that does not fit traps (hostStat.write), and only after a stat that succeeded.
  const errno = strategy.stat(dir, path, follows, path.trailingSlash);
  if (errno === Errno.SUCCESS) hostStat.write(memory, ptr, layout);
  return errno;
}

/** path_filestat_set_times, on the final component itself unless `follow` (nanoseconds with the native strategy). */
export function setTimesBeneath(dir: DirectoryHandle, raw: PathArg, follow: boolean, atim: bigint, mtim: bigint, fstflags: number): void {
  succeed(setTimesBeneathOrErrno(dir, raw, follow, atim, mtim, fstflags));
}

export function setTimesBeneathOrErrno(dir: DirectoryHandle, raw: PathArg, follow: boolean, atim: bigint, mtim: bigint, fstflags: number): Errno {
  const path = guestPath(raw);
  const { trailingSlash } = path;
  if (!trailingSlash && strategy.setTimes !== undefined) return strategy.setTimes(dir, path, follow, atim, mtim, fstflags);
  return withAt(dir, raw, follow || trailingSlash, (at) => {
    // Only "name/" needs a look first (a directory, else ENOTDIR); anything missing is the set-times' own ENOENT.
    if (trailingSlash) {
      const stat = at.lstat();
      if (stat === undefined) return Errno.NOENT;
      if (!stat.isDirectory) return Errno.NOTDIR;
    }
    return at.setTimes(atim, mtim, fstflags);
  });
}

/** path_readlink: the link's contents cut to the buffer; `.` and a trailing slash are EINVAL (not links). */
export function readlinkBeneath(dir: DirectoryHandle, raw: PathArg, memory: GuestMemory, ptr: number, len: number): number {
  const result = readlinkBeneathOrErrno(dir, raw, memory, ptr, len);
  if (result < 0) throw new WasiError(-result);
  return result;
}

/** readlinkBeneath returning the bytes written (>= 0), or the negated errno. */
export function readlinkBeneathOrErrno(dir: DirectoryHandle, raw: PathArg, memory: GuestMemory, ptr: number, len: number): number {
  const readlink = (at: At, trailingSlash: boolean): number => (trailingSlash || at.name === '.' ? -Errno.INVAL : at.readlink(memory, ptr, len));
  return withAt(dir, raw, false, readlink, (errno) => -errno);
}

// The rules below return SUCCESS (0) or a refusal, so `rule || hostCall()` makes the call only when the rule passes.

/** A path ending in `/` names a directory: a file (or a symlink, which is not followed) there is ENOTDIR. */
function directoryIfSlashed(at: At, trailingSlash: boolean): Errno {
  if (!trailingSlash) return Errno.SUCCESS;
  const stat = at.lstat();
  return stat !== undefined && !stat.isDirectory ? Errno.NOTDIR : Errno.SUCCESS;
}

/** A new name given with a trailing slash: missing is ENOENT, a directory EEXIST, anything else ENOTDIR (Linux's answers). */
function slashedNewName(at: At, trailingSlash: boolean): Errno {
  if (!trailingSlash) return Errno.SUCCESS;
  const stat = at.lstat();
  return stat === undefined ? Errno.NOENT : stat.isDirectory ? Errno.EXIST : Errno.NOTDIR;
}

/** The throwing form of an `…OrErrno` call (the component host's wasi:filesystem wants errors thrown). */
function succeed(errno: Errno): void {
  if (errno !== Errno.SUCCESS) throw new WasiError(errno);
}

const DOT = 46;

/**
 * The common case the rules below need no look at: the path ends in a plain name (not `.` or
 * `..`) with no slash after it, so the call acts on that name in its parent, as one host call.
 */
function endsInPlainName(path: GuestPath): boolean {
  if (path.trailingSlash) return false;
  const { bytes, start } = path;
  const end = start + path.length;
  let nameStart = end;
  while (nameStart > start && bytes[nameStart - 1] !== SLASH) nameStart--;
  const length = end - nameStart;
  return !(bytes[nameStart] === DOT && (length === 1 || (length === 2 && bytes[nameStart + 1] === DOT)));
}

// mkdir, rmdir and unlink return their errno: a directory that is already there or a file that is
// already gone are everyday answers (create_dir_all, rm -f), and a throw costs more than the syscall.

/**
 * mkdir, rmdir or unlink: a path ending in a plain name is one strategy call; anything else (`.`,
 * `..`, a trailing slash) is resolved to its final component and answered by `rules`.
 */
function changeEntry(dir: DirectoryHandle, raw: PathArg, change: EntryChange, rules: (at: At, trailingSlash: boolean) => Errno): Errno {
  const path = guestPath(raw);
  if (endsInPlainName(path)) return strategy.changeEntry(dir, path, change);
  return withAt(dir, raw, false, rules);
}

const mkdirRules = (at: At): Errno => (at.name === '.' ? Errno.EXIST : at.mkdir());

function rmdirRules(at: At, trailingSlash: boolean): Errno {
  // rmdir(".") is EINVAL in POSIX; it also keeps the starting directory itself out of reach.
  if (at.name === '.') return Errno.INVAL;
  return directoryIfSlashed(at, trailingSlash) || at.rmdir();
}

function unlinkRules(at: At, trailingSlash: boolean): Errno {
  if (at.name === '.') return Errno.ISDIR;
  if (trailingSlash) {
    const stat = at.lstat();
    if (stat !== undefined) return stat.isDirectory ? Errno.ISDIR : Errno.NOTDIR;
  }
  return at.unlink();
}

export function createDirectory(dir: DirectoryHandle, raw: PathArg): void {
  succeed(createDirectoryOrErrno(dir, raw));
}

export function createDirectoryOrErrno(dir: DirectoryHandle, raw: PathArg): Errno {
  return changeEntry(dir, raw, 'mkdir', mkdirRules);
}

export function removeDirectory(dir: DirectoryHandle, raw: PathArg): void {
  succeed(removeDirectoryOrErrno(dir, raw));
}

export function removeDirectoryOrErrno(dir: DirectoryHandle, raw: PathArg): Errno {
  return changeEntry(dir, raw, 'rmdir', rmdirRules);
}

export function unlinkFile(dir: DirectoryHandle, raw: PathArg): void {
  succeed(unlinkFileOrErrno(dir, raw));
}

export function unlinkFileOrErrno(dir: DirectoryHandle, raw: PathArg): Errno {
  return changeEntry(dir, raw, 'unlink', unlinkRules);
}

export function renameBeneath(dir: DirectoryHandle, raw: PathArg, newDir: DirectoryHandle, newRaw: PathArg): void {
  succeed(renameBeneathOrErrno(dir, raw, newDir, newRaw));
}

export function renameBeneathOrErrno(dir: DirectoryHandle, raw: PathArg, newDir: DirectoryHandle, newRaw: PathArg): Errno {
  return withAt(dir, raw, false, (source, sourceSlash) => withAt(newDir, newRaw, false, (target, targetSlash) => {
    if (source.name === '.' || target.name === '.') return Errno.BUSY;
    if (sourceSlash || targetSlash) {
      // Either name ending in "/" means both must be directories.
      const stat = source.lstat();
      if (stat === undefined) return Errno.NOENT;
      if (!stat.isDirectory) return Errno.NOTDIR;
      const errno = directoryIfSlashed(target, targetSlash);
      if (errno !== Errno.SUCCESS) return errno;
    }
    return source.renameTo(target);
  }));
}

/**
 * The link's contents are stored as given; absolute targets are refused (they could only ever
 * point outside). Relative targets are fine to store: following one is resolved beneath the root.
 */
export function symlinkBeneath(contents: string, dir: DirectoryHandle, raw: PathArg): void {
  succeed(symlinkBeneathOrErrno(contents, dir, raw));
}

export function symlinkBeneathOrErrno(contents: string, dir: DirectoryHandle, raw: PathArg): Errno {
  return withAt(dir, raw, false, (at, trailingSlash) => {
    if (contents.includes('\0')) return Errno.INVAL;
    if (contents.startsWith('/')) return ESCAPE;
    if (contents.length === 0) return Errno.NOENT;
    if (at.name === '.') return Errno.EXIST;
    return slashedNewName(at, trailingSlash) || at.symlink(contents);
  });
}

/** A hard link to the final component itself (link(2) never follows a source symlink). */
export function linkBeneath(dir: DirectoryHandle, raw: PathArg, newDir: DirectoryHandle, newRaw: PathArg): void {
  succeed(linkBeneathOrErrno(dir, raw, newDir, newRaw));
}

export function linkBeneathOrErrno(dir: DirectoryHandle, raw: PathArg, newDir: DirectoryHandle, newRaw: PathArg): Errno {
  return withAt(dir, raw, false, (source, sourceSlash) => withAt(newDir, newRaw, false, (target, targetSlash) => {
    if (source.name === '.') return Errno.PERM;
    if (target.name === '.') return Errno.EXIST;
    const errno = directoryIfSlashed(source, sourceSlash);
    if (errno !== Errno.SUCCESS) return errno;
    if (sourceSlash) return Errno.PERM;
    return slashedNewName(target, targetSlash) || source.linkTo(target);
  }));
}
