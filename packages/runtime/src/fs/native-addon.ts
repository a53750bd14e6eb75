import { existsSync } from 'node:fs';
import path from 'node:path';
import { Errno } from '../preview1/spec.js';
import { errnoFromNodeError } from './errno-from-node.js';

/**
 * The native beneath-resolver (native/wasi-kit-native.c, built by scripts/build-native.mjs into
 * dist/native/). Every call returns a number: >= 0 on success, -errno on failure.
 */
export interface NativeAddon {
  /**
   * `path` is a string, or bytes with the span (`pathStart`, `pathLength`) after the other arguments.
   * statOut's mode is S_IFDIR when O_DIRECTORY opened it, else 0: the type is not read (no fstat).
   */
  openBeneath(dirFd: number, path: string | Uint8Array, flags: number, mode: number, follow: boolean, statOut: BigUint64Array | null, pathStart?: number, pathLength?: number): number;
  statBeneath(dirFd: number, path: string | Uint8Array, follow: boolean, mustBeDir: boolean, statOut: BigUint64Array, pathStart?: number, pathLength?: number): number;
  statAt(dirFd: number, name: string, statOut: BigUint64Array): number;
  statFd(fd: number, statOut: BigUint64Array): number;
  /**
   * path_filestat_get in one call: the path is `memory[pathStart, +pathLength)`, and the guest's
   * filestat is written at `ptr` in the same memory (FilestatFlags), or -EFAULT when either is not inside it.
   */
  filestatBeneath(dirFd: number, memory: Uint8Array, pathStart: number, pathLength: number, flags: number, ptr: number): number;
  /** fd_filestat_get in one call: the guest's filestat written at `ptr` (only FilestatFlags.UNSTABLE counts) → its WASI filetype, or -EFAULT. */
  filestatFd(fd: number, memory: Uint8Array, flags: number, ptr: number): number;
  mkdirAt(dirFd: number, name: string, mode: number): number;
  /** mkdir (0), unlink (1) or rmdir (2) of the last component of a path given as bytes, its parent resolved in the same call. */
  changeEntry(change: 0 | 1 | 2, dirFd: number, path: Uint8Array, pathStart: number, pathLength: number): number;
  unlinkAt(dirFd: number, name: string, removeDir: boolean): number;
  renameAt(oldDirFd: number, oldName: string, newDirFd: number, newName: string): number;
  linkAt(oldDirFd: number, oldName: string, newDirFd: number, newName: string): number;
  symlinkAt(target: string, dirFd: number, name: string): number;
  readlinkAt(dirFd: number, name: string, memory: Uint8Array, ptr: number, len: number): number;
  utimensAt(fd: number, name: string, atim: bigint, mtim: bigint, fstflags: number): number;
  /** path_filestat_set_times in one call: the path resolved beneath dirFd (its final symlink followed only with `follow`) and its times set. */
  utimensBeneath(dirFd: number, path: string | Uint8Array, pathStart: number, pathLength: number, follow: boolean, atim: bigint, mtim: bigint, fstflags: number): number;
  /** fsync, or fdatasync with `dataOnly`. */
  syncFd(fd: number, dataOnly: boolean): number;
  /** ftruncate to a whole number of bytes from 0 to 2^53 (a TypeError otherwise). */
  truncateFd(fd: number, size: number): number;
  /**
   * The whole listing as WASI dirents in `out` (entry i at starts[i]; `.` and `..` first) → entry
   * count, or -ENOBUFS when out or starts is too small; `rewind` unless the fd was never read.
   */
  listDirectory(fd: number, out: Uint8Array, starts: Uint32Array, rewind: boolean): number;
  preadv(fd: number, memory: Uint8Array, iovsPtr: number, iovsLen: number, offset: number): number;
  pwritev(fd: number, memory: Uint8Array, iovsPtr: number, iovsLen: number, offset: number): number;
  /**
   * poll(2) for POLLIN on up to 31 fds: a bit mask of those a read would not block on (data, end
   * of stream, an error), 0 when `timeoutMs` passed first (or a signal came), or -errno. A
   * negative timeout waits as long as it takes.
   */
  pollReadable(fds: Int32Array, timeoutMs: number): number;
  /** Closes a descriptor openBeneath gave (fs/host-fd.ts: each fd is closed by its opener). */
  close(fd: number): number;
  /** Hands back an O_PATH descriptor openBeneath gave; the addon closes it with its next batch. */
  releaseLookup(fd: number): number;
  /** `openat2`, or `openat-walk` where openat2 is missing or blocked by seccomp. */
  resolver(): 'openat2' | 'openat-walk';
  useWalk(walk: boolean): void;
}

/** filestatBeneath/filestatFd's flags (native/wasi-kit-native.c's FILESTAT_*). */
export const FilestatFlags = { FOLLOW: 1, MUST_BE_DIR: 2, UNSTABLE: 4 } as const;

const ADDON = 'wasi-kit-native.node';

/**
 * Where the build put the addon (dist/native/), found upward from this module: the bundle
 * (dist/bundle/), the compiled tree (dist/fs/, dist/fuzz/src/fs/) or the sources (src/fs/).
 */
function addonPath(): string | undefined {
  let dir = import.meta.dirname;
  for (let level = 0; level < 5; level++, dir = path.dirname(dir)) {
    for (const candidate of [path.join(dir, 'native', ADDON), path.join(dir, 'dist', 'native', ADDON)]) {
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/** The addon, or undefined when it was not built, is disabled (WASI_KIT_NATIVE=0), or does not load. */
function loadAddon(): NativeAddon | undefined {
  if (process.platform !== 'linux' || process.env.WASI_KIT_NATIVE === '0') return undefined;
  const file = addonPath();
  if (file === undefined) return undefined;
  const module = { exports: {} as NativeAddon };
  try {
    process.dlopen(module, file);
  } catch {
    // Built for another libc or architecture: the JavaScript resolver works everywhere.
    return undefined;
  }
  // WASI_KIT_NATIVE=walk tests the per-component openat walk on kernels where openat2 works.
  if (process.env.WASI_KIT_NATIVE === 'walk') module.exports.useWalk(true);
  return module.exports;
}

export const nativeAddon: NativeAddon | undefined = loadAddon();

/**
 * Host errno numbers → WASI errno, through the one mapping by name (errno-from-node.ts); built at
 * the first failure, not at start-up (node:os, which has the numbers, is not loaded until then).
 */
let wasiErrnoByHost: Errno[] | undefined;

function errnoTable(): Errno[] {
  const table: Errno[] = [];
  for (const [code, number] of Object.entries(process.getBuiltinModule('node:os').constants.errno)) {
    table[number] = errnoFromNodeError({ code, name: code, message: code } as NodeJS.ErrnoException);
  }
  return table;
}

/** The WASI errno of a native call's negative result. */
export function wasiErrno(result: number): Errno {
  return (wasiErrnoByHost ??= errnoTable())[-result] ?? Errno.IO;
}

