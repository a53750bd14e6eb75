import { constants } from 'node:fs';
import { WasiError } from '../failures.js';
import type { GuestMemory } from '../memory/guest-memory.js';
import { Errno } from '../preview1/spec.js';
import type { FilestatLayout } from '../preview1/spec.js';
import { FilestatFlags, type NativeAddon, wasiErrno } from './native-addon.js';
import { hostStat, type HostStat } from './host-stat.js';
import { type GuestPath, textOf } from './guest-path.js';
import { O_PATH } from './open-flags.js';
import { type At, type DirectoryHandle, type EntryChange, ESCAPE, type OpenedObject, type SandboxStrategy } from './sandbox.js';


/** A native result: the value, or the WASI error it stands for (EXDEV from a lookup is an escape). */
function check(result: number): number {
  if (result < 0) throw new WasiError(wasiErrno(result));
  return result;
}

/** A native result as the guest's errno (SUCCESS for >= 0). */
function errnoOf(result: number): Errno {
  return result < 0 ? wasiErrno(result) : Errno.SUCCESS;
}

/**
 * The errno of a failed lookup, returned rather than thrown (a throw costs more than the syscall).
 * openat2(RESOLVE_BENEATH) and the native walk report an escape as EXDEV.
 */
function lookupErrno(result: number): Errno {
  const errno = wasiErrno(result);
  return errno === Errno.XDEV ? ESCAPE : errno;
}

/**
 * The parent directory a live NativeAt holds open, so that the second path of a rename or link in
 * the same directory (`a/x.tmp` → `a/x`) reuses it instead of resolving `a` again. Only while that
 * call lasts: it is forgotten when the holder is released, so nothing is ever cached across calls.
 */
interface HeldParent {
  readonly dirFd: number;
  readonly bytes: Uint8Array;
  readonly start: number;
  readonly length: number;
  readonly fd: number;
}

let heldParent: HeldParent | undefined;

function isHeldParent(held: HeldParent, dirFd: number, bytes: Uint8Array, start: number, length: number): boolean {
  if (held.dirFd !== dirFd || held.length !== length) return false;
  for (let i = 0; i < length; i++) if (held.bytes[held.start + i] !== bytes[start + i]) return false;
  return true;
}

/** The final component as the native *at calls take it: a directory fd (owned or not) and one name. */
class NativeAt implements At {
  constructor(
    private readonly addon: NativeAddon,
    private readonly dirFd: number,
    private readonly owned: boolean,
    readonly name: string,
  ) {}

  lstat(): HostStat | undefined {
    const result = this.addon.statAt(this.dirFd, this.name, hostStat.words);
    if (result < 0 && wasiErrno(result) === Errno.NOENT) return undefined;
    check(result);
    return hostStat;
  }
  mkdir(): Errno {
    return errnoOf(this.addon.mkdirAt(this.dirFd, this.name, 0o777));
  }
  rmdir(): Errno {
    return errnoOf(this.addon.unlinkAt(this.dirFd, this.name, true));
  }
  unlink(): Errno {
    return errnoOf(this.addon.unlinkAt(this.dirFd, this.name, false));
  }
  symlink(contents: string): Errno {
    return errnoOf(this.addon.symlinkAt(contents, this.dirFd, this.name));
  }
  readlink(memory: GuestMemory, ptr: number, len: number): number {
    const result = this.addon.readlinkAt(this.dirFd, this.name, memory.u8, ptr, len);
    return result < 0 ? -wasiErrno(result) : result;
  }
  setTimes(atim: bigint, mtim: bigint, fstflags: number): Errno {
    return errnoOf(this.addon.utimensAt(this.dirFd, this.name, atim, mtim, fstflags));
  }
  renameTo(target: At): Errno {
    const to = target as NativeAt;
    return errnoOf(this.addon.renameAt(this.dirFd, this.name, to.dirFd, to.name));
  }
  linkTo(target: At): Errno {
    const to = target as NativeAt;
    return errnoOf(this.addon.linkAt(this.dirFd, this.name, to.dirFd, to.name));
  }
  release(): void {
    if (!this.owned) return;
    if (heldParent?.fd === this.dirFd) heldParent = undefined;
    // An O_PATH lookup descriptor: the addon closes it with the next batch (no close per call).
    this.addon.releaseLookup(this.dirFd);
  }
}

const SLASH = 47;
const CHANGE = { mkdir: 0, unlink: 1, rmdir: 2 } as const;
const DOT = 46;

export function nativeStrategy(addon: NativeAddon): SandboxStrategy {
  /** Opens a span of the path's bytes beneath `dir` (the kernel reads the guest's bytes; no string). */
  const openSpan = (dir: DirectoryHandle, path: GuestPath, length: number, flags: number, follow: boolean, statOut: BigUint64Array | null): number =>
    addon.openBeneath(dir.hostFd, path.bytes, flags, 0o666, follow, statOut, path.start, length);
  return {
    name: 'native',
    open(dir: DirectoryHandle, path: GuestPath, flags: number, follow: boolean): OpenedObject | Errno {
      const fd = openSpan(dir, path, path.length, flags, follow, hostStat.words);
      return fd < 0 ? lookupErrno(fd) : { fd, opener: 'addon', hostPath: '' };
    },
    stat(dir: DirectoryHandle, path: GuestPath, follow: boolean, mustBeDir: boolean): Errno {
      const result = addon.statBeneath(dir.hostFd, path.bytes, follow, mustBeDir, hostStat.words, path.start, path.length);
      return result < 0 ? lookupErrno(result) : Errno.SUCCESS;
    },
    statToGuest(dir: DirectoryHandle, path: GuestPath, follow: boolean, mustBeDir: boolean, memory: GuestMemory, ptr: number, layout: FilestatLayout): Errno {
      // beneath.ts checked that the path and the filestat lie in `memory`; the addon checks again and writes it.
      const flags = (follow ? FilestatFlags.FOLLOW : 0) | (mustBeDir ? FilestatFlags.MUST_BE_DIR : 0) | (layout.NLINK_BYTES === 4 ? FilestatFlags.UNSTABLE : 0);
      const result = addon.filestatBeneath(dir.hostFd, memory.u8, path.start, path.length, flags, ptr >>> 0);
      return result < 0 ? lookupErrno(result) : Errno.SUCCESS;
    },
    setTimes(dir: DirectoryHandle, path: GuestPath, follow: boolean, atim: bigint, mtim: bigint, fstflags: number): Errno {
      // A database's lock takes two a transaction: one lookup and the utimensat in the addon, no At.
      const result = addon.utimensBeneath(dir.hostFd, path.bytes, path.start, path.length, follow, atim, mtim, fstflags);
      return result < 0 ? lookupErrno(result) : Errno.SUCCESS;
    },
    changeEntry(dir: DirectoryHandle, path: GuestPath, change: EntryChange): Errno {
      const result = addon.changeEntry(CHANGE[change], dir.hostFd, path.bytes, path.start, path.length);
      return result < 0 ? lookupErrno(result) : Errno.SUCCESS;
    },
    at(dir: DirectoryHandle, path: GuestPath, follow: boolean): At | Errno {
      if (follow) {
        // The object itself (an O_PATH fd): set-times and stat act on it through an empty name.
        const fd = openSpan(dir, path, path.length, O_PATH, true, null);
        return fd < 0 ? lookupErrno(fd) : new NativeAt(addon, fd, true, '');
      }
      // The last component: `a/b/c` → parent `a/b`, name `c`; a final `..` stays in the parent (`a/..` → `a/..`, `.`).
      const { bytes, start, length } = path;
      const end = start + length;
      let slash = end - 1;
      while (slash >= start && bytes[slash] !== SLASH) slash--;
      const nameStart = slash >= start ? slash + 1 : start;
      const dotDot = end - nameStart === 2 && bytes[nameStart] === DOT && bytes[nameStart + 1] === DOT;
      const parentLength = dotDot ? length : slash >= start ? slash - start : 0;
      const name = dotDot ? '.' : textOf(bytes, nameStart, end);
      // The common case, one plain name: no lookup at all.
      if (parentLength === 0) return new NativeAt(addon, dir.hostFd, false, name);
      if (heldParent !== undefined && isHeldParent(heldParent, dir.hostFd, bytes, start, parentLength)) return new NativeAt(addon, heldParent.fd, false, name);
      const parentFd = openSpan(dir, path, parentLength, O_PATH | constants.O_DIRECTORY, true, null);
      if (parentFd < 0) return lookupErrno(parentFd);
      heldParent = { dirFd: dir.hostFd, bytes, start, length: parentLength, fd: parentFd };
      return new NativeAt(addon, parentFd, true, name);
    },
  };
}
