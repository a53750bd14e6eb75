import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { Errno } from '../../src/index.js';
import { Guest, READ_ONLY_RIGHTS, tempDir } from './harness.js';

const CREAT = 1;
const DIRECTORY = 2;
const TRUNC = 8;
const SYMLINK_FOLLOW = 1;
/** Everything a directory can carry (no FD_READ/FD_WRITE: a directory opened for writing is EISDIR). */
const DIR_RIGHTS = 0x3fffffffn & ~BigInt((1 << 1) | (1 << 6) | (1 << 0) | (1 << 8) | (1 << 22));

/** The escape cases, each asserting the errno AND that nothing outside was read or changed. */
describe('sandbox: every path stays beneath its directory fd', () => {
  let base: string;
  let root: string;
  let outside: string;
  let guest: Guest;

  beforeEach(() => {
    base = tempDir('sandbox');
    root = path.join(base, 'sb');
    outside = path.join(base, 'outside');
    mkdirSync(root);
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'outside.txt'), 'secret');
    writeFileSync(path.join(root, 'inside.txt'), 'inside');
    symlinkSync(outside, path.join(root, 'etclink'));
    symlinkSync('..', path.join(root, 'up'));
    symlinkSync('../outside/outside.txt', path.join(root, 'rel-out'));
    guest = new Guest({ preopens: { '/sb': root } });
  });

  const outsideUnchanged = () => {
    expect(readdirSync(outside)).toEqual(['outside.txt']);
    expect(readFileSync(path.join(outside, 'outside.txt'), 'utf8')).toBe('secret');
    expect(readdirSync(base).sort()).toEqual(['outside', 'sb']);
  };

  it('path_open through an absolute symlink in a middle component is EPERM and reads nothing', () => {
    expect(guest.open(3, 'etclink/outside.txt')[0]).toBe(Errno.PERM);
    outsideUnchanged();
  });

  it('path_open through a symlink to .. is EPERM', () => {
    expect(guest.open(3, 'up/outside/outside.txt')[0]).toBe(Errno.PERM);
  });

  it('path_open with too many .. or an absolute path is EPERM (as wasmtime and the WASI testsuite)', () => {
    expect(guest.open(3, '../outside/outside.txt')[0]).toBe(Errno.PERM);
    expect(guest.open(3, '/sb/inside.txt')[0]).toBe(Errno.PERM);
    expect(guest.open(3, 'x/../../outside/outside.txt', { oflags: CREAT })[0]).not.toBe(Errno.SUCCESS);
    outsideUnchanged();
  });

  it('a final symlink leading out is not followed: nofollow is ELOOP, follow is EPERM', () => {
    expect(guest.open(3, 'rel-out', { follow: false })[0]).toBe(Errno.LOOP);
    expect(guest.open(3, 'rel-out', { follow: true })[0]).toBe(Errno.PERM);
  });

  it('O_CREAT through a dangling symlink that points out creates nothing outside', () => {
    symlinkSync('../outside/new.txt', path.join(root, 'dangling'));
    expect(guest.open(3, 'dangling', { oflags: CREAT, follow: true })[0]).toBe(Errno.PERM);
    outsideUnchanged();
  });

  it('path_create_directory("../x") is EPERM and creates nothing', () => {
    expect(guest.pathCall(guest.wasi1.path_create_directory, 3, '../x')).toBe(Errno.PERM);
    expect(guest.pathCall(guest.wasi1.path_create_directory, 3, 'etclink/x')).toBe(Errno.PERM);
    outsideUnchanged();
  });

  it('path_unlink_file / path_remove_directory cannot reach outside', () => {
    expect(guest.pathCall(guest.wasi1.path_unlink_file, 3, 'etclink/outside.txt')).toBe(Errno.PERM);
    expect(guest.pathCall(guest.wasi1.path_unlink_file, 3, '../outside/outside.txt')).toBe(Errno.PERM);
    expect(guest.pathCall(guest.wasi1.path_remove_directory, 3, 'up/outside')).toBe(Errno.PERM);
    outsideUnchanged();
  });

  it('unlinking a symlink that points out removes the link, not its target', () => {
    expect(guest.pathCall(guest.wasi1.path_unlink_file, 3, 'etclink')).toBe(Errno.SUCCESS);
    expect(existsSync(path.join(root, 'etclink'))).toBe(false);
    outsideUnchanged();
  });

  it('path_rename can neither move an entry out nor pull one in', () => {
    const [from, fromLen] = guest.str('inside.txt');
    const [to, toLen] = guest.str('../stolen.txt');
    expect(guest.wasi1.path_rename(3, from, fromLen, 3, to, toLen)).toBe(Errno.PERM);
    const [out, outLen] = guest.str('etclink/outside.txt');
    const [inName, inLen] = guest.str('pulled.txt');
    expect(guest.wasi1.path_rename(3, out, outLen, 3, inName, inLen)).toBe(Errno.PERM);
    outsideUnchanged();
    expect(existsSync(path.join(root, 'inside.txt'))).toBe(true);
  });

  it('path_symlink refuses absolute targets; a relative one leading out is stored but never followed', () => {
    const [target, targetLen] = guest.str('/etc/passwd');
    const [link, linkLen] = guest.str('abs-link');
    expect(guest.wasi1.path_symlink(target, targetLen, 3, link, linkLen)).toBe(Errno.PERM);
    expect(existsSync(path.join(root, 'abs-link'))).toBe(false);
    const [rel, relLen] = guest.str('../outside/outside.txt');
    const [link2, link2Len] = guest.str('rel-link');
    expect(guest.wasi1.path_symlink(rel, relLen, 3, link2, link2Len)).toBe(Errno.SUCCESS);
    expect(guest.open(3, 'rel-link')[0]).toBe(Errno.PERM);
    const [link3, link3Len] = guest.str('../created-outside');
    expect(guest.wasi1.path_symlink(rel, relLen, 3, link3, link3Len)).toBe(Errno.PERM);
    outsideUnchanged();
  });

  it('path_link links a source symlink itself (never its outside target) and refuses LOOKUP_SYMLINK_FOLLOW', () => {
    const [src, srcLen] = guest.str('rel-out');
    const [dst, dstLen] = guest.str('hard');
    expect(guest.wasi1.path_link(3, SYMLINK_FOLLOW, src, srcLen, 3, dst, dstLen)).toBe(Errno.INVAL);
    expect(guest.wasi1.path_link(3, 0, src, srcLen, 3, dst, dstLen)).toBe(Errno.SUCCESS);
    expect(lstatSync(path.join(root, 'hard')).isSymbolicLink()).toBe(true);
    expect(lstatSync(path.join(outside, 'outside.txt')).nlink).toBe(1);
    const [out, outLen] = guest.str('etclink/outside.txt');
    expect(guest.wasi1.path_link(3, 0, out, outLen, 3, dst, dstLen)).toBe(Errno.PERM);
    const [escape, escapeLen] = guest.str('../hard-outside');
    const [inside, insideLen] = guest.str('inside.txt');
    expect(guest.wasi1.path_link(3, 0, inside, insideLen, 3, escape, escapeLen)).toBe(Errno.PERM);
    outsideUnchanged();
  });

  it('path_filestat_get and path_readlink do not see through an escaping link', () => {
    const buf = guest.alloc(64);
    const [p, len] = guest.str('etclink/outside.txt');
    expect(guest.wasi1.path_filestat_get(3, SYMLINK_FOLLOW, p, len, buf)).toBe(Errno.PERM);
    const [q, qlen] = guest.str('etclink');
    expect(guest.wasi1.path_filestat_get(3, SYMLINK_FOLLOW, q, qlen, buf)).toBe(Errno.PERM);
    expect(guest.wasi1.path_filestat_get(3, 0, q, qlen, buf)).toBe(Errno.SUCCESS);
    expect(guest.view.getUint8(buf + 16)).toBe(7);
  });

  it('".." from a subdirectory fd is refused even though the preopen is above it', () => {
    mkdirSync(path.join(root, 'sub'));
    const [errno, sub] = guest.open(3, 'sub', { oflags: DIRECTORY, rights: DIR_RIGHTS, inheriting: 0x3fffffffn });
    expect(errno).toBe(Errno.SUCCESS);
    expect(guest.open(sub, '../inside.txt')[0]).toBe(Errno.PERM);
  });

  it('no preopens means no filesystem at all', () => {
    const bare = new Guest({});
    const buf = bare.alloc(8);
    expect(bare.wasi1.fd_prestat_get(3, buf)).toBe(Errno.BADF);
    expect(bare.open(3, 'anything')[0]).toBe(Errno.BADF);
  });

  describe('read-only preopens', () => {
    let ro: Guest;
    beforeEach(() => {
      ro = new Guest({ preopens: { '/ro': { path: root, readonly: true } } });
    });

    it('refuse write, create, truncate, mkdir, unlink, rename, symlink, link and set-times with EPERM (wasmtime\'s NotPermitted)', () => {
      expect(ro.open(3, 'inside.txt', { rights: BigInt(1 << 6) })[0]).toBe(Errno.PERM);
      expect(ro.open(3, 'new.txt', { oflags: CREAT, rights: READ_ONLY_RIGHTS })[0]).toBe(Errno.PERM);
      expect(ro.open(3, 'inside.txt', { oflags: TRUNC, rights: READ_ONLY_RIGHTS })[0]).toBe(Errno.PERM);
      expect(ro.pathCall(ro.wasi1.path_create_directory, 3, 'd')).toBe(Errno.PERM);
      expect(ro.pathCall(ro.wasi1.path_unlink_file, 3, 'inside.txt')).toBe(Errno.PERM);
      expect(ro.pathCall(ro.wasi1.path_remove_directory, 3, 'd')).toBe(Errno.PERM);
      const [a, alen] = ro.str('inside.txt');
      const [b, blen] = ro.str('renamed.txt');
      expect(ro.wasi1.path_rename(3, a, alen, 3, b, blen)).toBe(Errno.PERM);
      expect(ro.wasi1.path_symlink(a, alen, 3, b, blen)).toBe(Errno.PERM);
      expect(ro.wasi1.path_link(3, 0, a, alen, 3, b, blen)).toBe(Errno.PERM);
      expect(ro.wasi1.path_link(3, 1, a, alen, 3, b, blen)).toBe(Errno.PERM); // before SYMLINK_FOLLOW's EINVAL, as wasmtime
      expect(ro.wasi1.path_filestat_set_times(3, 0, a, alen, 0n, 0n, 2 | 8)).toBe(Errno.PERM);
      expect(readFileSync(path.join(root, 'inside.txt'), 'utf8')).toBe('inside');
      expect(readdirSync(root).sort()).toEqual(['etclink', 'inside.txt', 'rel-out', 'up']);
    });

    it('files opened from them can be read but not written (EBADF, as POSIX and wasmtime), resized or re-timed', () => {
      const [errno, fd] = ro.open(3, 'inside.txt', { rights: 0x3fffffffn & ~BigInt((1 << 6) | (1 << 8) | (1 << 22) | (1 << 0)) });
      expect(errno).toBe(Errno.SUCCESS);
      expect(ro.read(fd, 16)).toEqual([Errno.SUCCESS, 'inside']);
      expect(ro.write(fd, 'x')[0]).toBe(Errno.BADF);
      expect(ro.wasi1.fd_filestat_set_size(fd, 0n)).toBe(Errno.PERM);
      expect(ro.wasi1.fd_filestat_set_times(fd, 0n, 0n, 2)).toBe(Errno.PERM);
      expect(ro.wasi1.fd_fdstat_set_rights(fd, 0x3fffffffn, 0n)).toBe(Errno.NOTSUP);
      expect(readFileSync(path.join(root, 'inside.txt'), 'utf8')).toBe('inside');
    });

    it('subdirectories opened from them stay read-only, whatever rights they were opened with', () => {
      mkdirSync(path.join(root, 'sub'));
      const [errno, sub] = ro.open(3, 'sub', { oflags: DIRECTORY, rights: DIR_RIGHTS, inheriting: 0x3fffffffn });
      expect(errno).toBe(Errno.SUCCESS);
      const [, bare] = ro.open(3, 'sub', { oflags: DIRECTORY, rights: 0n, inheriting: 0n });
      expect(ro.open(bare, 'new', { oflags: CREAT, rights: 0n })[0]).toBe(Errno.PERM);
      expect(ro.open(bare, '.', { oflags: DIRECTORY, rights: 0x3fffffffn, inheriting: 0x3fffffffn })[0]).toBe(Errno.PERM);
      expect(ro.pathCall(ro.wasi1.path_create_directory, sub, 'x')).toBe(Errno.PERM);
      expect(ro.open(sub, 'new', { oflags: CREAT, rights: READ_ONLY_RIGHTS })[0]).toBe(Errno.PERM);
      expect(readdirSync(path.join(root, 'sub'))).toEqual([]);
    });
  });
});
