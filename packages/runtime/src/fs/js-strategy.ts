import { closeSync, constants, fstatSync, linkSync, lstatSync, mkdirSync, openSync, readlinkSync, realpathSync, renameSync, rmdirSync, symlinkSync, unlinkSync } from 'node:fs';
import type { GuestMemory } from '../memory/guest-memory.js';
import { Errno } from '../preview1/spec.js';
import { guestErrno, isNodeSystemError, toWasiError } from './errno-from-node.js';
import { hostStat, type HostStat } from './host-stat.js';
import type { GuestPath } from './guest-path.js';
import { assertBeneath, followFinal, procFdAvailable, resolveFollowing, resolveParent, type ResolvedPath } from './path-resolver.js';
import type { At, DirectoryHandle, EntryChange, OpenedObject, SandboxStrategy } from './sandbox.js';
import { setTimes } from './timestamps.js';

/** Runs a node:fs call and returns its errno (SUCCESS), for the At calls that return one. */
function errnoOfCall(call: () => void): Errno {
  try {
    call();
    return Errno.SUCCESS;
  } catch (error) {
    return guestErrno(error);
  }
}

/** The final component as a host path (`/proc/self/fd/<parent>/<name>` for procfs) for node:fs calls. */
class PathAt implements At {
  constructor(private readonly resolved: ResolvedPath) {}

  get name(): string {
    return this.resolved.name;
  }
  private get hostPath(): string {
    return this.resolved.hostPath;
  }
  lstat(): HostStat | undefined {
    try {
      return hostStat.fill(lstatSync(this.hostPath, { bigint: true }));
    } catch (error) {
      if (isNodeSystemError(error) && error.code === 'ENOENT') return undefined;
      throw toWasiError(error);
    }
  }
  mkdir(): Errno {
    return errnoOfCall(() => mkdirSync(this.hostPath, 0o777));
  }
  rmdir(): Errno {
    return errnoOfCall(() => rmdirSync(this.hostPath));
  }
  unlink(): Errno {
    return errnoOfCall(() => unlinkSync(this.hostPath));
  }
  symlink(contents: string): Errno {
    return errnoOfCall(() => symlinkSync(contents, this.hostPath));
  }
  readlink(memory: GuestMemory, ptr: number, len: number): number {
    let target: Buffer;
    try {
      target = readlinkSync(this.hostPath, { encoding: 'buffer' });
    } catch (error) {
      return -guestErrno(error);
    }
    const n = Math.min(target.length, len);
    memory.write(ptr, target.subarray(0, n));
    return n;
  }
  setTimes(atim: bigint, mtim: bigint, fstflags: number): Errno {
    return errnoOfCall(() => setTimes({ hostPath: this.hostPath }, atim, mtim, fstflags));
  }
  renameTo(target: At): Errno {
    return errnoOfCall(() => renameSync(this.hostPath, (target as PathAt).hostPath));
  }
  linkTo(target: At): Errno {
    return errnoOfCall(() => linkSync(this.hostPath, (target as PathAt).hostPath));
  }
  release(): void {
    this.resolved.release();
  }
}

/** Resolves the parent, and the final component too while it is a symlink when `follow` asks for it. */
function resolve(dir: DirectoryHandle, path: string, follow: boolean): ResolvedPath {
  return follow ? resolveFollowing(dir, path) : resolveParent(dir, path);
}

/** Opens the resolved path without following a final symlink unless asked (the walk expands it itself). */
function openResolved(dir: DirectoryHandle, path: GuestPath, flags: number, follow: boolean): OpenedObject {
  const resolved = resolveParent(dir, path.text);
  try {
    let fd: number;
    for (;;) {
      try {
        // The walk follows symlinks itself, so the host never does.
        fd = openSync(resolved.hostPath, flags | constants.O_NOFOLLOW, 0o666);
        break;
      } catch (error) {
        const symlinkLike = isNodeSystemError(error) && (error.code === 'ELOOP' || error.code === 'ENOTDIR' || error.code === 'EMLINK');
        if (symlinkLike && follow && followFinal(resolved)) continue;
        throw toWasiError(error);
      }
    }
    try {
      if (!procFdAvailable) assertBeneath(realpathSync(dir.hostPath), realpathSync(resolved.hostPath));
      hostStat.fillMode(fstatSync(fd));
    } catch (error) {
      closeSync(fd);
      throw toWasiError(error);
    }
    return { fd, opener: 'node', hostPath: procFdAvailable ? '' : resolved.hostPath };
  } finally {
    resolved.release();
  }
}

/** The `procfs` and `portable` strategies: the JavaScript walk of path-resolver.ts and node:fs calls. */
export function jsStrategy(name: 'procfs' | 'portable'): SandboxStrategy {
  return {
    name,
    open(dir: DirectoryHandle, path: GuestPath, flags: number, follow: boolean): OpenedObject | Errno {
      try {
        return openResolved(dir, path, flags, follow);
      } catch (error) {
        return guestErrno(error);
      }
    },
    stat(dir: DirectoryHandle, path: GuestPath, follow: boolean, mustBeDir: boolean): Errno {
      try {
        const resolved = resolveParent(dir, path.text);
        try {
          let stat = hostStat.fill(lstatSync(resolved.hostPath, { bigint: true }));
          // Only what lstat says is a symlink is followed: asking readlink of anything else
          // (resolveFollowing) fails, and that thrown error cost more than the stat itself.
          while (follow && stat.isSymbolicLink && followFinal(resolved)) stat = hostStat.fill(lstatSync(resolved.hostPath, { bigint: true }));
          return mustBeDir && !stat.isDirectory ? Errno.NOTDIR : Errno.SUCCESS;
        } finally {
          resolved.release();
        }
      } catch (error) {
        return guestErrno(error);
      }
    },
    changeEntry(dir: DirectoryHandle, path: GuestPath, change: EntryChange): Errno {
      let at: PathAt;
      try {
        at = new PathAt(resolveParent(dir, path.text));
      } catch (error) {
        return guestErrno(error);
      }
      try {
        return at[change]();
      } finally {
        at.release();
      }
    },
    at(dir: DirectoryHandle, path: GuestPath, follow: boolean): At | Errno {
      try {
        return new PathAt(resolve(dir, path.text, follow));
      } catch (error) {
        return guestErrno(error);
      }
    },
  };
}
