import { existsSync } from 'node:fs';
import type { GuestMemory } from '../memory/guest-memory.js';
import type { GuestPath } from './guest-path.js';
import { Errno, type FilestatLayout } from '../preview1/spec.js';
import type { HostStat } from './host-stat.js';
import type { HostOpener } from './host-fd.js';
import { type NativeAddon, nativeAddon } from './native-addon.js';

/**
 * How guest paths are resolved beneath a directory, chosen once at start-up (`sandboxStrategy`):
 * - `native`: the C addon, openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS), or its per-component
 *   openat(O_NOFOLLOW) walk where openat2 is missing or blocked by seccomp;
 * - `procfs`: the JavaScript walk through /proc/self/fd/<fd>/<name> (Linux without the addon);
 * - `portable`: the JavaScript walk on host paths (other OSes; a check-then-use race remains).
 * The policy (trailing slashes, `.`, `..`, final symlinks, errnos) lives in beneath.ts, the same
 * for all three; a strategy only resolves and makes the host call.
 */
export type SandboxStrategyName = 'native' | 'procfs' | 'portable';

/** The directory a path is resolved beneath: its host fd and, for the portable walk, its host path. */
export interface DirectoryHandle {
  hostFd: number;
  hostPath: string;
}

/** What `open` returns: the host fd (its type is in `hostStat`), who opened it, and its host path for the portable walk. */
export interface OpenedObject {
  fd: number;
  opener: HostOpener;
  hostPath: string;
}

/**
 * The final component of a resolved path, ready for one host call: the parent directory is held
 * open (race-free strategies) and `name` is one component, never followed by these calls.
 * `name` is `.` for the parent itself, and `''` for an object reached by following (native).
 */
export interface At {
  readonly name: string;
  /** The stat of the final component itself, or undefined when it does not exist. */
  lstat(): HostStat | undefined;
  /** Each host call returns its errno (SUCCESS), never throws one: a failure is an everyday answer. */
  mkdir(): Errno;
  rmdir(): Errno;
  unlink(): Errno;
  symlink(contents: string): Errno;
  /** Copies the link's contents (cut to `len`) to guest memory; returns the bytes written, or the negated errno. */
  readlink(memory: GuestMemory, ptr: number, len: number): number;
  setTimes(atim: bigint, mtim: bigint, fstflags: number): Errno;
  renameTo(target: At): Errno;
  linkTo(target: At): Errno;
  release(): void;
}

export type EntryChange = 'mkdir' | 'unlink' | 'rmdir';

/**
 * What every path that leads outside its directory reports, whichever call and strategy: EPERM, as
 * in wasmtime (cap-std's escape_attempt is PermissionDenied, which wasmtime maps to EPERM).
 */
export const ESCAPE = Errno.PERM;

export interface SandboxStrategy {
  readonly name: SandboxStrategyName;
  /**
   * Opens `path` (no trailing slash) beneath `dir` with host open flags; fills `hostStat`'s type,
   * or leaves its mode 0 when the type was not read (the native strategy reads none beyond
   * O_DIRECTORY's: an open then costs one call; fd/entry.ts reads it if the guest ever needs it).
   * A failure is returned as the errno, not thrown: opening what is not there is common.
   */
  open(dir: DirectoryHandle, path: GuestPath, flags: number, follow: boolean): OpenedObject | Errno;
  /** Fills `hostStat` with the stat of `path`, following a final symlink when asked; `mustBeDir` is ENOTDIR otherwise. Returns the errno (SUCCESS), never throws one. */
  stat(dir: DirectoryHandle, path: GuestPath, follow: boolean, mustBeDir: boolean): Errno;
  /**
   * `stat`, and on success the guest's filestat written at `ptr` in `layout` in the same host call.
   * beneath.ts calls it only when the path's bytes are in `memory` and the filestat fits there;
   * otherwise, or where a strategy has none, it copies `hostStat` there (or traps) itself.
   */
  statToGuest?(dir: DirectoryHandle, path: GuestPath, follow: boolean, mustBeDir: boolean, memory: GuestMemory, ptr: number, layout: FilestatLayout): Errno;
  /**
   * mkdir, unlink or rmdir of the final component of `path`, which beneath.ts has checked is a
   * plain name with nothing after it, as one call; returns the errno, never throws one.
   */
  changeEntry(dir: DirectoryHandle, path: GuestPath, change: EntryChange): Errno;
  /**
   * Sets the times of `path` (no trailing slash), its final symlink followed only when asked, in
   * one host call; returns the errno. Where a strategy has none, beneath.ts goes through `at`.
   */
  setTimes?(dir: DirectoryHandle, path: GuestPath, follow: boolean, atim: bigint, mtim: bigint, fstflags: number): Errno;
  /** Resolves all but the final component (and the final one too when `follow`); a failed lookup is returned as its errno. */
  at(dir: DirectoryHandle, path: GuestPath, follow: boolean): At | Errno;
}

/** `WASI_KIT_SANDBOX=procfs|portable` forces a JavaScript strategy (tests); `WASI_KIT_NATIVE=0` turns the addon off. */
function chooseStrategy(): SandboxStrategyName {
  const forced = process.env.WASI_KIT_SANDBOX;
  if (forced === 'portable') return 'portable';
  const procfs = (): boolean => process.platform === 'linux' && existsSync('/proc/self/fd');
  if (forced === 'procfs') return procfs() ? 'procfs' : 'portable';
  if (nativeAddon !== undefined) return 'native';
  return procfs() ? 'procfs' : 'portable';
}

export const sandboxStrategy: SandboxStrategyName = chooseStrategy();

/** How the native strategy resolves (`openat2` or `openat-walk`), for `wasi-kit doctor`. */
export function sandboxDescription(): string {
  if (sandboxStrategy !== 'native' || nativeAddon === undefined) return sandboxStrategy;
  return `native (${nativeAddon.resolver()})`;
}

/** The addon when the native strategy is in use: fd_readdir, fd_pread/fd_pwrite and set-times use its calls too. */
export const nativeIo: NativeAddon | undefined = sandboxStrategy === 'native' ? nativeAddon : undefined;
