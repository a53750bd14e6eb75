import { closeSync, constants, lstatSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createDirectory, linkBeneath, openBeneath, readlinkBeneath, removeDirectory, renameBeneath, setTimesBeneath, statBeneath,
  linkBeneathOrErrno, readlinkBeneathOrErrno, renameBeneathOrErrno, setTimesBeneathOrErrno, symlinkBeneath, symlinkBeneathOrErrno, unlinkFile,
} from '../../src/fs/beneath.js';
import { hostStat } from '../../src/fs/host-stat.js';
import { nativeAddon } from '../../src/fs/native-addon.js';
import { sandboxDescription, sandboxStrategy, type DirectoryHandle } from '../../src/fs/sandbox.js';
import { GuestMemory } from '../../src/memory/guest-memory.js';
import { Errno, Fstflags } from '../../src/preview1/spec.js';
import { errnoOf } from '../preview1/harness.js';
import { makeResolverTree } from '../helpers/resolver-tree.js';

// This file runs once per strategy (vitest.config.ts): the same policy must give the same answers.
describe(`the path policy (fs/beneath.ts) on the ${sandboxDescription()} strategy`, () => {
  it('runs on the strategy this test project asks for (native wherever the addon is built on Linux)', () => {
    const forced = process.env.WASI_KIT_SANDBOX;
    if (forced === 'procfs' || forced === 'portable') expect(sandboxStrategy).toBe(forced);
    else if (process.platform === 'linux' && process.env.WASI_KIT_NATIVE !== '0') {
      // `pnpm build` builds the addon wherever Linux has a C compiler; CI has one.
      expect(nativeAddon, 'dist/native/wasi-kit-native.node was not built or did not load').toBeDefined();
      expect(sandboxStrategy).toBe('native');
      expect(nativeAddon!.resolver()).toBe(process.env.WASI_KIT_NATIVE === 'walk' ? 'openat-walk' : 'openat2');
    }
  });

  let base: string;
  let root: string;
  let dir: DirectoryHandle;
  const opened: number[] = [];

  beforeEach(() => {
    ({ base, root, dir } = makeResolverTree('beneath'));
  });

  afterEach(() => {
    for (const fd of opened.splice(0)) closeSync(fd);
    closeSync(dir.hostFd);
  });

  const open = (guestPath: string, flags = constants.O_RDONLY, follow = true) => {
    const { fd } = openBeneath(dir, guestPath, { flags, follow });
    opened.push(fd);
    return fd;
  };

  it('opens beneath the directory, following intermediate and (when asked) final symlinks inside it', () => {
    expect(readFileSync(open('a/file'), 'utf8')).toBe('inside');
    expect(readFileSync(open('to-b/../file'), 'utf8')).toBe('inside');
    expect(readFileSync(open('to-file'), 'utf8')).toBe('inside');
    expect(hostStat.isDirectory).toBe(false);
    open('to-b/');
    expect(hostStat.isDirectory).toBe(true);
    expect(errnoOf(() => open('to-file', constants.O_RDONLY, false))).toBe(Errno.LOOP);
  });

  it('refuses every way out with the caller\'s escape errno, and the usual errnos otherwise', () => {
    for (const escape of ['/etc/passwd', '..', '../root/a/file', 'a/../../root/a/file', 'up/root/a/file', 'abs/secret', 'a/rel-out/secret']) {
      expect(errnoOf(() => open(escape)), escape).toBe(Errno.PERM);
    }
    expect(errnoOf(() => open(''))).toBe(Errno.NOENT);
    expect(errnoOf(() => open('a\0b'))).toBe(Errno.INVAL);
    expect(errnoOf(() => open('loop'))).toBe(Errno.LOOP);
    expect(errnoOf(() => open('a/file/x'))).toBe(Errno.NOTDIR);
    expect(errnoOf(() => open('missing/x'))).toBe(Errno.NOENT);
    expect(errnoOf(() => open('a/file/'))).toBe(Errno.NOTDIR);
    expect(errnoOf(() => open('a/new/', constants.O_CREAT | constants.O_WRONLY))).toBe(Errno.ISDIR);
    expect(errnoOf(() => statBeneath(dir, 'abs', true))).toBe(Errno.PERM);
    expect(errnoOf(() => createDirectory(dir, 'up/escaped'))).toBe(Errno.PERM);
    expect(lstatSync(path.join(base, 'escaped'), { throwIfNoEntry: false })).toBeUndefined();
  });

  it('stats the final component itself unless asked to follow; a trailing slash follows and needs a directory', () => {
    expect(statBeneath(dir, 'to-file', false).filetype).toBe(7);
    expect(statBeneath(dir, 'to-file', true).filetype).toBe(4);
    expect(statBeneath(dir, 'to-b/', false).isDirectory).toBe(true);
    expect(errnoOf(() => statBeneath(dir, 'to-file/', false))).toBe(Errno.NOTDIR);
    expect(statBeneath(dir, 'a/..', false).isDirectory).toBe(true);
    expect(errnoOf(() => statBeneath(dir, 'missing', false))).toBe(Errno.NOENT);
  });

  it('changes the tree only beneath the directory, with the trailing-slash and `.` rules', () => {
    createDirectory(dir, 'a/made');
    expect(errnoOf(() => createDirectory(dir, 'a/made'))).toBe(Errno.EXIST);
    expect(errnoOf(() => createDirectory(dir, '.'))).toBe(Errno.EXIST);
    expect(errnoOf(() => removeDirectory(dir, 'a/..'))).toBe(Errno.INVAL);
    expect(errnoOf(() => removeDirectory(dir, 'a/file/'))).toBe(Errno.NOTDIR);
    removeDirectory(dir, 'a/made/');
    expect(errnoOf(() => unlinkFile(dir, 'a/b/'))).toBe(Errno.ISDIR);
    expect(errnoOf(() => unlinkFile(dir, 'a/file/'))).toBe(Errno.NOTDIR);
    symlinkBeneath('file', dir, 'a/link');
    expect(readlinkSync(path.join(root, 'a', 'link'))).toBe('file');
    expect(errnoOf(() => symlinkBeneath('/etc', dir, 'a/abs-link'))).toBe(Errno.PERM);
    expect(errnoOf(() => symlinkBeneath('file', dir, 'a/new-link/'))).toBe(Errno.NOENT);
    linkBeneath(dir, 'a/file', dir, 'a/hard');
    expect(readFileSync(path.join(root, 'a', 'hard'), 'utf8')).toBe('inside');
    expect(errnoOf(() => linkBeneath(dir, 'abs/secret', dir, 'stolen'))).toBe(Errno.PERM);
    renameBeneath(dir, 'a/hard', dir, 'to-b/moved');
    expect(readFileSync(path.join(root, 'a', 'b', 'moved'), 'utf8')).toBe('inside');
    expect(errnoOf(() => renameBeneath(dir, 'a/file', dir, 'up/taken'))).toBe(Errno.PERM);
    expect(errnoOf(() => renameBeneath(dir, 'a/file', dir, 'a/b/'))).toBe(Errno.NOTDIR);
    unlinkFile(dir, 'a/link');
    expect(lstatSync(path.join(root, 'a', 'link'), { throwIfNoEntry: false })).toBeUndefined();
  });

  it('mkdir of a nested name that is there is EEXIST whatever it is, never answered from outside, and a new one after it is made', () => {
    // The native strategy looks the whole path up first while nested mkdirs keep finding their directory.
    for (const there of ['a/b', 'a/b', 'a/file', 'a/to-file', 'to-b/..']) expect(errnoOf(() => createDirectory(dir, there)), there).toBe(Errno.EXIST);
    symlinkBeneath('nowhere', dir, 'a/dangling');
    expect(errnoOf(() => createDirectory(dir, 'a/dangling'))).toBe(Errno.EXIST);
    // `secret` is there outside: leaving is refused as always, not answered EEXIST.
    for (const escape of ['abs/secret', 'a/rel-out/secret', 'up/outside/secret']) expect(errnoOf(() => createDirectory(dir, escape)), escape).toBe(Errno.PERM);
    expect(errnoOf(() => createDirectory(dir, 'missing/new'))).toBe(Errno.NOENT);
    createDirectory(dir, 'a/b/new');
    expect(lstatSync(path.join(root, 'a', 'b', 'new')).isDirectory()).toBe(true);
    createDirectory(dir, 'a/b/new2');
    expect(lstatSync(path.join(root, 'a', 'b', 'new2')).isDirectory()).toBe(true);
    expect(errnoOf(() => createDirectory(dir, 'a/b/new'))).toBe(Errno.EXIST);
  });

  it('renames and links within one directory (its lookup shared by both names), leaking no descriptor', () => {
    const openFds = () => readdirSync('/proc/self/fd').length;
    writeFileSync(path.join(root, 'a', 'b', 'x.tmp'), 'new');
    const before = openFds();
    for (let i = 0; i < 100; i++) {
      renameBeneath(dir, 'a/b/x.tmp', dir, 'a/b/x');
      renameBeneath(dir, 'to-b/x', dir, 'a/b/x.tmp');
    }
    // Lookup descriptors are closed in batches of at most 32 (native/wasi-kit-native.c).
    expect(openFds() - before).toBeLessThanOrEqual(32);
    renameBeneath(dir, 'a/b/x.tmp', dir, 'a/b/x');
    expect(readFileSync(path.join(root, 'a', 'b', 'x'), 'utf8')).toBe('new');
    linkBeneath(dir, 'a/b/x', dir, 'a/b/x-link');
    expect(readFileSync(path.join(root, 'a', 'b', 'x-link'), 'utf8')).toBe('new');
    expect(errnoOf(() => linkBeneath(dir, 'a/b/x', dir, 'a/b/x-link'))).toBe(Errno.EXIST);
    expect(errnoOf(() => renameBeneath(dir, 'a/b/missing', dir, 'a/b/y'))).toBe(Errno.NOENT);
    expect(errnoOf(() => renameBeneath(dir, 'a/b/x', dir, 'a/b/x/'))).toBe(Errno.NOTDIR);
    // The same bytes beneath another directory handle are another directory.
    const other = makeResolverTree('beneath-other');
    try {
      renameBeneath(dir, 'a/b/x', other.dir, 'a/b/x');
      expect(readFileSync(path.join(other.root, 'a', 'b', 'x'), 'utf8')).toBe('new');
      expect(lstatSync(path.join(root, 'a', 'b', 'x'), { throwIfNoEntry: false })).toBeUndefined();
    } finally {
      closeSync(other.dir.hostFd);
    }
  });

  it('reads a link into guest memory cut to the buffer; `.` and a trailing slash are not links', () => {
    const memory = new GuestMemory();
    memory.attach(new WebAssembly.Memory({ initial: 1 }));
    expect(readlinkBeneath(dir, 'to-file', memory, 100, 3)).toBe(3);
    expect(Buffer.from(memory.u8.subarray(100, 106)).toString('latin1')).toBe('a/f\0\0\0');
    expect(readlinkBeneath(dir, 'to-file', memory, 100, 64)).toBe('a/file'.length);
    expect(errnoOf(() => readlinkBeneath(dir, '.', memory, 0, 8))).toBe(Errno.INVAL);
    expect(errnoOf(() => readlinkBeneath(dir, 'to-b/', memory, 0, 8))).toBe(Errno.INVAL);
    expect(errnoOf(() => readlinkBeneath(dir, 'a/file', memory, 0, 8))).toBe(Errno.INVAL);
  });

  it('sets times on the link itself or, following, on its target beneath the directory', () => {
    const atim = 1_700_000_000_123_456_789n;
    const mtim = 1_600_000_000_987_654_321n;
    setTimesBeneath(dir, 'to-file', true, atim, mtim, Fstflags.ATIM | Fstflags.MTIM);
    const target = lstatSync(path.join(root, 'a', 'file'), { bigint: true });
    // Exact nanoseconds: the native strategy calls utimensat, procfs refines with touch; portable has microseconds.
    const unit = sandboxStrategy === 'portable' ? 1000n : 1n;
    expect([target.atimeNs / unit, target.mtimeNs / unit]).toEqual([atim / unit, mtim / unit]);
    setTimesBeneath(dir, 'to-file', false, 0n, mtim + 1n, Fstflags.MTIM);
    expect(lstatSync(path.join(root, 'to-file'), { bigint: true }).mtimeNs / unit).toBe((mtim + 1n) / unit);
    expect(lstatSync(path.join(root, 'a', 'file'), { bigint: true }).mtimeNs / unit).toBe(mtim / unit);
    expect(errnoOf(() => setTimesBeneath(dir, 'abs', true, 0n, 0n, Fstflags.MTIM_NOW))).toBe(Errno.PERM);
    expect(errnoOf(() => setTimesBeneath(dir, 'to-file/', false, 0n, 0n, Fstflags.MTIM_NOW))).toBe(Errno.NOTDIR);
  });

  it('returns the errno of a failing rename, link, symlink, readlink or set-times instead of throwing one', () => {
    const memory = new GuestMemory();
    memory.attach(new WebAssembly.Memory({ initial: 1 }));
    expect(renameBeneathOrErrno(dir, 'missing', dir, 'a/x')).toBe(Errno.NOENT);
    expect(renameBeneathOrErrno(dir, 'a/file', dir, 'missing/x')).toBe(Errno.NOENT);
    expect(linkBeneathOrErrno(dir, 'missing', dir, 'a/x')).toBe(Errno.NOENT);
    expect(linkBeneathOrErrno(dir, 'a/file', dir, 'a/file')).toBe(Errno.EXIST);
    expect(symlinkBeneathOrErrno('file', dir, 'a/file')).toBe(Errno.EXIST);
    expect(symlinkBeneathOrErrno('file', dir, 'missing/link')).toBe(Errno.NOENT);
    expect(readlinkBeneathOrErrno(dir, 'a/file', memory, 0, 16)).toBe(-Errno.INVAL);
    expect(readlinkBeneathOrErrno(dir, 'missing/link', memory, 0, 16)).toBe(-Errno.NOENT);
    expect(readlinkBeneathOrErrno(dir, 'up/x', memory, 0, 16)).toBe(-Errno.PERM);
    expect(setTimesBeneathOrErrno(dir, 'missing', false, 0n, 0n, Fstflags.MTIM)).toBe(Errno.NOENT);
    // Without a trailing slash nothing is looked at first: the set-times call's own answer.
    for (const missing of ['a/missing', 'missing/x', 'a/b/missing']) {
      for (const follow of [false, true]) expect(setTimesBeneathOrErrno(dir, missing, follow, 0n, 0n, Fstflags.MTIM_NOW), missing).toBe(Errno.NOENT);
    }
    expect(setTimesBeneathOrErrno(dir, 'a/file/x', false, 0n, 0n, Fstflags.MTIM_NOW)).toBe(Errno.NOTDIR);
    expect(setTimesBeneathOrErrno(dir, 'missing/', false, 0n, 0n, Fstflags.MTIM_NOW)).toBe(Errno.NOENT);
    expect(renameBeneathOrErrno(dir, 'a/file', dir, 'a/file2')).toBe(Errno.SUCCESS);
    expect(renameBeneathOrErrno(dir, 'a/file2', dir, 'a/file')).toBe(Errno.SUCCESS);
  });
});
