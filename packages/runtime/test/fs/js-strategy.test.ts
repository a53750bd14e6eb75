import { closeSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GuestPath } from '../../src/fs/guest-path.js';
import { hostStat } from '../../src/fs/host-stat.js';
import { jsStrategy } from '../../src/fs/js-strategy.js';
import type { DirectoryHandle } from '../../src/fs/sandbox.js';
import { encodeUtf8 } from '../../src/memory/guest-memory.js';
import { Errno, Filetype } from '../../src/preview1/spec.js';
import { makeResolverTree } from '../helpers/resolver-tree.js';

// readlinkSync, counted: the JavaScript walk reads links through node:fs.
const fs = vi.hoisted(() => ({ readlinks: 0 }));
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return { ...actual, readlinkSync: (...args: Parameters<typeof actual.readlinkSync>) => (fs.readlinks++, actual.readlinkSync(...args)) };
});

const guestPath = (text: string) => {
  const bytes = encodeUtf8(text);
  return new GuestPath(bytes, 0, bytes.length, false, text);
};

// The walk (path-resolver.ts) goes through /proc on Linux, else host paths: whichever this host has.
describe('the JavaScript strategies\' stat', () => {
  const strategy = jsStrategy('procfs');
  let dir: DirectoryHandle;

  beforeEach(() => {
    ({ dir } = makeResolverTree('js-strategy'));
    fs.readlinks = 0;
  });
  afterEach(() => closeSync(dir.hostFd));

  it('follows a final symlink only when lstat says it is one: a plain file or directory costs no readlink (os.walk stats every file)', () => {
    expect(strategy.stat(dir, guestPath('a/file'), true, false)).toBe(Errno.SUCCESS);
    expect(hostStat.filetype).toBe(Filetype.REGULAR_FILE);
    expect(strategy.stat(dir, guestPath('a/b'), true, true)).toBe(Errno.SUCCESS);
    expect(strategy.stat(dir, guestPath('a/missing'), true, false)).toBe(Errno.NOENT);
    expect(fs.readlinks).toBe(0);
  });

  it('still follows symlinks to the end, refuses them out of the tree, and bounds a loop', () => {
    expect(strategy.stat(dir, guestPath('to-file'), true, false)).toBe(Errno.SUCCESS);
    expect(hostStat.filetype).toBe(Filetype.REGULAR_FILE);
    expect(strategy.stat(dir, guestPath('to-file'), false, false)).toBe(Errno.SUCCESS);
    expect(hostStat.filetype).toBe(Filetype.SYMBOLIC_LINK);
    expect(strategy.stat(dir, guestPath('to-b'), true, true)).toBe(Errno.SUCCESS);
    expect(strategy.stat(dir, guestPath('to-file'), true, true)).toBe(Errno.NOTDIR);
    expect(strategy.stat(dir, guestPath('abs'), true, false)).toBe(Errno.PERM);
    expect(strategy.stat(dir, guestPath('a/rel-out'), true, false)).toBe(Errno.PERM);
    expect(strategy.stat(dir, guestPath('loop'), true, false)).toBe(Errno.LOOP);
    expect(fs.readlinks).toBeGreaterThan(0);
  });
});
