import { closeSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { followFinal, procFdAvailable, resolveFollowing, resolveParent, type DirectoryHandle } from '../../src/fs/path-resolver.js';
import { Errno } from '../../src/preview1/spec.js';
import { errnoOf } from '../preview1/harness.js';
import { makeResolverTree } from '../helpers/resolver-tree.js';

/** The host path a resolution ends at, read back through /proc (the kernel's view, not ours). */
function realParent(resolvedParent: string): string {
  return procFdAvailable ? readlinkSync(resolvedParent) : resolvedParent;
}

describe('resolveParent / followFinal: the sandbox walk', () => {
  let root: string;
  let dir: DirectoryHandle;

  beforeEach(() => {
    ({ root, dir } = makeResolverTree('resolver'));
  });

  afterEach(() => closeSync(dir.hostFd));

  it('walks plain components and names the last one without opening it', () => {
    const resolved = resolveParent(dir, 'a/b/new');
    expect(resolved.name).toBe('new');
    expect(realParent(resolved.parent)).toBe(path.join(root, 'a', 'b'));
    resolved.release();
  });

  it('expands a relative symlink in the middle of a path beneath the root', () => {
    const resolved = resolveParent(dir, 'to-b/x');
    expect(realParent(resolved.parent)).toBe(path.join(root, 'a', 'b'));
    resolved.release();
  });

  it('lets .. move within the root but refuses to climb above it (EPERM, as wasmtime)', () => {
    const inside = resolveParent(dir, 'a/b/../../a/file');
    expect(inside.name).toBe('file');
    expect(realParent(inside.parent)).toBe(path.join(root, 'a'));
    inside.release();
    expect(errnoOf(() => resolveParent(dir, '../x'))).toBe(Errno.PERM);
    expect(errnoOf(() => resolveParent(dir, 'a/../../x'))).toBe(Errno.PERM);
    expect(errnoOf(() => resolveParent(dir, '..'))).toBe(Errno.PERM);
  });


  it('refuses a symlink to .. of the root, an absolute symlink, and a relative one that leaves', () => {
    expect(errnoOf(() => resolveParent(dir, 'up/outside/secret'))).toBe(Errno.PERM);
    expect(errnoOf(() => resolveParent(dir, 'abs/secret'))).toBe(Errno.PERM);
    expect(errnoOf(() => resolveParent(dir, 'a/rel-out/secret'))).toBe(Errno.PERM);
  });

  it('does not follow the final component unless asked, and then only beneath the root', () => {
    const link = resolveParent(dir, 'abs');
    expect(link.name).toBe('abs');
    expect(errnoOf(() => followFinal(link))).toBe(Errno.PERM);
    link.release();
    const inside = resolveFollowing(dir, 'a/to-file');
    expect(inside.name).toBe('file');
    inside.release();
  });

  it('bounds symlink expansion (ELOOP) and reports a file used as a directory as ENOTDIR', () => {
    expect(errnoOf(() => resolveFollowing(dir, 'loop'))).toBe(Errno.LOOP);
    expect(errnoOf(() => resolveParent(dir, 'loop/x'))).toBe(Errno.LOOP);
    expect(errnoOf(() => resolveParent(dir, 'a/file/x'))).toBe(Errno.NOTDIR);
    expect(errnoOf(() => resolveParent(dir, 'missing/x'))).toBe(Errno.NOENT);
  });

  it('keeps a trailing slash as a must-be-a-directory mark', () => {
    const slashed = resolveParent(dir, 'a/b/');
    expect(slashed.name).toBe('b');
    expect(slashed.trailingSlash).toBe(true);
    slashed.release();
  });

  it('"." and "x/.." name the starting directory itself', () => {
    const dot = resolveParent(dir, '.');
    expect(dot.name).toBe('.');
    dot.release();
    const back = resolveParent(dir, 'a/..');
    expect(back.name).toBe('.');
    expect(realParent(back.parent)).toBe(root);
    back.release();
  });
});
