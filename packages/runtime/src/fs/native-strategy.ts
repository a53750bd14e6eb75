import { closeSync, constants } from 'node:fs';
import { WasiError } from '../failures.js';
import type { GuestMemory } from '../memory/guest-memory.js';
import { Errno } from '../preview1/spec.js';
import { HOST_EXDEV, type NativeAddon, wasiErrno } from './native-addon.js';
import { hostStat, type HostStat } from './host-stat.js';
import { O_PATH } from './open-flags.js';
import type { At, DirectoryHandle, OpenedObject, SandboxStrategy } from './sandbox.js';


/** A native result: the value, or the WASI error it stands for (EXDEV from a lookup is an escape). */
function check(result: number): number {
  if (result < 0) throw new WasiError(wasiErrno(result));
  return result;
}

function checkLookup(result: number, escapeErrno: Errno): number {
  if (result === HOST_EXDEV) throw new WasiError(escapeErrno);
  return check(result);
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
  mkdir(): void {
    check(this.addon.mkdirAt(this.dirFd, this.name, 0o777));
  }
  rmdir(): void {
    check(this.addon.unlinkAt(this.dirFd, this.name, true));
  }
  unlink(): void {
    check(this.addon.unlinkAt(this.dirFd, this.name, false));
  }
  symlink(contents: string): void {
    check(this.addon.symlinkAt(contents, this.dirFd, this.name));
  }
  readlink(memory: GuestMemory, ptr: number, len: number): number {
    return check(this.addon.readlinkAt(this.dirFd, this.name, memory.u8, ptr, len));
  }
  setTimes(atim: bigint, mtim: bigint, fstflags: number): void {
    check(this.addon.utimensAt(this.dirFd, this.name, atim, mtim, fstflags));
  }
  renameTo(target: At): void {
    const to = target as NativeAt;
    check(this.addon.renameAt(this.dirFd, this.name, to.dirFd, to.name));
  }
  linkTo(target: At): void {
    const to = target as NativeAt;
    check(this.addon.linkAt(this.dirFd, this.name, to.dirFd, to.name));
  }
  release(): void {
    if (this.owned) closeSync(this.dirFd);
  }
}

/** Splits a path at its last component: `a/b/c` → [`a/b`, `c`]; a final `..` stays in the parent (`a/..` → [`a/..`, `.`]). */
function splitLast(path: string): [parent: string, name: string] {
  const slash = path.lastIndexOf('/');
  const last = slash < 0 ? path : path.slice(slash + 1);
  if (last === '..') return [path, '.'];
  return [slash < 0 ? '' : path.slice(0, slash), last];
}

export function nativeStrategy(addon: NativeAddon): SandboxStrategy {
  return {
    name: 'native',
    open(dir: DirectoryHandle, path: string, flags: number, follow: boolean, escapeErrno: Errno): OpenedObject {
      const fd = checkLookup(addon.openBeneath(dir.hostFd, path, flags, 0o666, follow, hostStat.words), escapeErrno);
      return { fd, hostPath: '' };
    },
    stat(dir: DirectoryHandle, path: string, follow: boolean, mustBeDir: boolean, escapeErrno: Errno): HostStat {
      checkLookup(addon.statBeneath(dir.hostFd, path, follow, mustBeDir, hostStat.words), escapeErrno);
      return hostStat;
    },
    at(dir: DirectoryHandle, path: string, follow: boolean, escapeErrno: Errno): At {
      if (follow) {
        // The object itself (an O_PATH fd): set-times and stat act on it through an empty name.
        const fd = checkLookup(addon.openBeneath(dir.hostFd, path, O_PATH, 0, true, null), escapeErrno);
        return new NativeAt(addon, fd, true, '');
      }
      const [parent, name] = splitLast(path);
      // The common case, one plain name: no lookup at all.
      if (parent === '') return new NativeAt(addon, dir.hostFd, false, name);
      const parentFd = checkLookup(addon.openBeneath(dir.hostFd, parent, O_PATH | constants.O_DIRECTORY, 0, true, null), escapeErrno);
      return new NativeAt(addon, parentFd, true, name);
    },
  };
}
