import { closeSync, existsSync, lstatSync, openSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { WasiError } from '../failures.js';
import { Errno } from '../preview1/spec.js';
import { isNodeSystemError, toWasiError } from './errno-from-node.js';
import { WALK_FLAGS } from './open-flags.js';
import { type DirectoryHandle, ESCAPE, sandboxStrategy } from './sandbox.js';

/**
 * The JavaScript walk behind the `procfs` and `portable` strategies (js-strategy.ts); the
 * native strategy resolves in C instead (native-strategy.ts).
 *
 * Every path is resolved beneath the directory fd it is relative to, one component at a time.
 * On Linux each directory component is opened with `O_NOFOLLOW|O_DIRECTORY` through
 * `/proc/self/fd/<dirfd>/<name>`, which behaves as `openat(dirfd, name)`: the walk holds an fd
 * for every directory it passed, so a concurrent swap of a directory for a symlink cannot redirect
 * it. A symlink is expanded by the resolver itself (`readlink`), relative to the directory holding
 * it; absolute targets and `..` above the starting directory are refused, as cap-std (wasmtime)
 * does. The caller operates on the last component as `/proc/self/fd/<parentfd>/<name>`.
 *
 * Without /proc (macOS, BSD) the walk is lexical on host paths, checking each component with
 * lstat; a swap between that check and the operation is a residual race (see README).
 */

/** Symlink expansions allowed in one resolution, as Linux's MAXSYMLINKS (40). */
export const MAX_SYMLINK_EXPANSIONS = 40;

/** True when /proc/self/fd lets the walk resolve race-free (Linux, unless the portable strategy is forced). */
export const procFdAvailable: boolean = sandboxStrategy !== 'portable' && process.platform === 'linux' && existsSync('/proc/self/fd');

export type { DirectoryHandle };

/** The parent directory of a resolved path and the last component, ready for one host call. */
export class ResolvedPath {
  /** Host paths of the directories walked (`/proc/self/fd/N` on Linux); the last is the parent. */
  readonly bases: string[];
  /** fds the walk opened; `release()` closes them. */
  private readonly owned: number[];
  /** The final component: never empty, never `..`; `.` names the parent directory itself. */
  name: string;
  /** The guest path ended with `/`: the final component must be a directory. */
  trailingSlash: boolean;
  expansions = 0;
  constructor(root: string) {
    this.bases = [root];
    this.owned = [-1];
    this.name = '.';
    this.trailingSlash = false;
  }

  /** Host path of the parent directory. */
  get parent(): string {
    return this.bases[this.bases.length - 1]!;
  }

  /** Host path naming the final component (through the parent's fd on Linux). */
  get hostPath(): string {
    return `${this.parent}/${this.name}`;
  }

  push(base: string, fd: number): void {
    this.bases.push(base);
    this.owned.push(fd);
  }

  /** `..`: back to the previous directory; above the starting directory is an escape. */
  pop(): void {
    if (this.bases.length === 1) throw new WasiError(ESCAPE);
    this.bases.pop();
    const fd = this.owned.pop()!;
    if (fd >= 0) closeSync(fd);
  }

  release(): void {
    while (this.owned.length > 1) {
      const fd = this.owned.pop()!;
      if (fd >= 0) closeSync(fd);
    }
    this.bases.length = 1;
  }
}

/** The host path a directory descriptor is reached through (its /proc fd link on Linux). */
export function directoryBase(dir: DirectoryHandle): string {
  return procFdAvailable ? `/proc/self/fd/${dir.hostFd}` : dir.hostPath;
}

/** Reads the link at base/name, or returns undefined when it is not a symlink (or is missing). */
function readLinkAt(base: string, name: string): string | undefined {
  try {
    return readlinkSync(`${base}/${name}`);
  } catch (error) {
    if (isNodeSystemError(error) && (error.code === 'EINVAL' || error.code === 'ENOENT')) return undefined;
    throw toWasiError(error);
  }
}

/** Descends into every component of `parts` (a stack: the next component is last). */
function descend(resolved: ResolvedPath, parts: string[]): void {
  while (parts.length > 0) {
    const name = parts.pop()!;
    if (name === '' || name === '.') continue;
    if (name === '..') {
      resolved.pop();
      continue;
    }
    const base = resolved.parent;
    if (procFdAvailable) {
      let fd: number;
      try {
        fd = openSync(`${base}/${name}`, WALK_FLAGS);
      } catch (error) {
        if (isNodeSystemError(error) && (error.code === 'ENOTDIR' || error.code === 'ELOOP')) {
          expandInto(resolved, parts, base, name);
          continue;
        }
        throw toWasiError(error);
      }
      resolved.push(`/proc/self/fd/${fd}`, fd);
    } else {
      const next = `${base}/${name}`;
      let isLink = false;
      try {
        const stat = lstatSync(next);
        isLink = stat.isSymbolicLink();
        if (!isLink && !stat.isDirectory()) throw new WasiError(Errno.NOTDIR);
      } catch (error) {
        throw toWasiError(error);
      }
      if (isLink) expandInto(resolved, parts, base, name);
      else resolved.push(next, -1);
    }
  }
}

/** Replaces the symlink base/name by its target's components (relative to base). */
function expandInto(resolved: ResolvedPath, parts: string[], base: string, name: string): void {
  const target = readLinkAt(base, name);
  if (target === undefined) throw new WasiError(Errno.NOTDIR);
  if (++resolved.expansions > MAX_SYMLINK_EXPANSIONS) throw new WasiError(Errno.LOOP);
  if (target.startsWith('/')) throw new WasiError(ESCAPE);
  const targetParts = target.split('/');
  for (let i = targetParts.length - 1; i >= 0; i--) parts.push(targetParts[i]!);
}

/** Walks all but the last component of `parts` and sets the final name. */
function settle(resolved: ResolvedPath, parts: string[]): void {
  let end = parts.length;
  while (end > 0 && parts[end - 1] === '') end--;
  if (end < parts.length) resolved.trailingSlash = true;
  if (end === 0) {
    // The whole path was slashes; cannot happen for guest paths (absolute ones are refused).
    resolved.name = '.';
    return;
  }
  const last = parts[end - 1]!;
  const walk = parts.slice(0, end - 1).reverse();
  descend(resolved, walk);
  if (last === '.') {
    resolved.name = '.';
  } else if (last === '..') {
    resolved.pop();
    resolved.name = '.';
  } else {
    resolved.name = last;
  }
}

/**
 * Resolves `guestPath` (checked by beneath.ts) beneath `dir` up to its final component, which is
 * NOT followed. The caller must `release()` the result.
 */
export function resolveParent(dir: DirectoryHandle, guestPath: string): ResolvedPath {
  const parts = guestPath.split('/');
  const resolved = new ResolvedPath(directoryBase(dir));
  // The common case, one plain name: no walk at all.
  if (parts.length === 1 && guestPath !== '.' && guestPath !== '..') {
    resolved.name = guestPath;
    return resolved;
  }
  try {
    settle(resolved, parts);
  } catch (error) {
    resolved.release();
    throw error;
  }
  return resolved;
}

/**
 * If the final component is a symlink, replaces it by its target (resolved beneath the same
 * start directory) and returns true; returns false when it is not a symlink (or does not exist).
 */
export function followFinal(resolved: ResolvedPath): boolean {
  if (resolved.name === '.') return false;
  const target = readLinkAt(resolved.parent, resolved.name);
  if (target === undefined) return false;
  if (++resolved.expansions > MAX_SYMLINK_EXPANSIONS) throw new WasiError(Errno.LOOP);
  if (target.startsWith('/')) throw new WasiError(ESCAPE);
  const trailing = resolved.trailingSlash;
  resolved.trailingSlash = false;
  settle(resolved, target.split('/'));
  resolved.trailingSlash ||= trailing;
  return true;
}

/** Resolves a path and follows a final symlink too (for stat/open with LOOKUP_SYMLINK_FOLLOW). */
export function resolveFollowing(dir: DirectoryHandle, guestPath: string): ResolvedPath {
  const resolved = resolveParent(dir, guestPath);
  try {
    while (followFinal(resolved)) {
      // Each expansion is bounded by MAX_SYMLINK_EXPANSIONS.
    }
  } catch (error) {
    resolved.release();
    throw error;
  }
  return resolved;
}

/** For the portable resolver: after opening, check that the opened object really is beneath the root. */
export function assertBeneath(rootHostPath: string, openedHostPath: string): void {
  if (procFdAvailable) return;
  const relative = path.relative(rootHostPath, openedHostPath);
  if (relative.startsWith('..') || path.isAbsolute(relative)) throw new WasiError(ESCAPE);
}
