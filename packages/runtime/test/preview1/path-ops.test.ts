import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { Errno } from '../../src/index.js';
import { Guest, tempDir } from './harness.js';

const CREAT = 1;
const DIRECTORY = 2;
const EXCL = 4;
const FOLLOW = 1;

/** path_open, path_filestat_*, path_readlink and the tree-changing path_* calls inside the sandbox. */
describe('path_* calls', () => {
  let root: string;
  let guest: Guest;

  beforeEach(() => {
    root = tempDir('path-ops');
    writeFileSync(path.join(root, 'file'), 'abc');
    mkdirSync(path.join(root, 'dir'));
    symlinkSync('file', path.join(root, 'link'));
    symlinkSync('dangling-target', path.join(root, 'dangling'));
    guest = new Guest({ preopens: { '/p': root } });
  });

  const call2 = (fn: (fd: number, a: number, al: number, fd2: number, b: number, bl: number) => number, a: string, b: string) => {
    const [pa, la] = guest.str(a);
    const [pb, lb] = guest.str(b);
    return fn(3, pa, la, 3, pb, lb);
  };

  it('path_open with FDFLAGS_DSYNC, RSYNC or SYNC is ENOTSUP and creates nothing; fd_fdstat_set_flags refuses them with EINVAL (wasmtime)', () => {
    const [DSYNC, RSYNC, SYNC] = [2, 8, 16];
    for (const fdflags of [DSYNC, RSYNC, SYNC, SYNC | 1]) {
      expect(guest.open(3, 'file', { fdflags })[0]).toBe(Errno.NOTSUP);
      expect(guest.open(3, 'synced', { oflags: CREAT, fdflags })[0]).toBe(Errno.NOTSUP);
    }
    expect(existsSync(path.join(root, 'synced'))).toBe(false);
    const [, fd] = guest.open(3, 'file');
    expect(guest.wasi1.fd_fdstat_set_flags(fd, SYNC)).toBe(Errno.INVAL);
  });

  it('path_open creates, refuses EXCL on an existing file, and follows links only when asked', () => {
    expect(guest.open(3, 'new', { oflags: CREAT | EXCL })[0]).toBe(Errno.SUCCESS);
    expect(existsSync(path.join(root, 'new'))).toBe(true);
    expect(guest.open(3, 'new', { oflags: CREAT | EXCL })[0]).toBe(Errno.EXIST);
    const [errno, fd] = guest.open(3, 'link', { follow: true });
    expect(errno).toBe(Errno.SUCCESS);
    expect(guest.read(fd, 10)).toEqual([Errno.SUCCESS, 'abc']);
    expect(guest.open(3, 'link', { follow: false })[0]).toBe(Errno.LOOP);
    expect(guest.open(3, 'missing')[0]).toBe(Errno.NOENT);
    expect(guest.open(3, 'file', { oflags: DIRECTORY })[0]).toBe(Errno.NOTDIR);
    expect(guest.open(3, 'file/')[0]).toBe(Errno.NOTDIR);
    expect(guest.open(3, 'dir/', { rights: 0n })[0]).toBe(Errno.SUCCESS);
    expect(guest.open(3, 'dir', { oflags: DIRECTORY, rights: 2n | 64n })[0]).toBe(Errno.ISDIR);
    expect(guest.open(3, 'dir/./../file')[0]).toBe(Errno.SUCCESS);
    expect(guest.open(3, 'file\0')[0]).toBe(Errno.INVAL);
    expect(guest.open(3, 'dangling', { oflags: CREAT, follow: true })[0]).toBe(Errno.SUCCESS);
    expect(existsSync(path.join(root, 'dangling-target'))).toBe(true);
  });

  it('a read-only open without O_DIRECTORY is a file or a directory by what it opened, whichever call asks first', () => {
    const FD_READ = 2n;
    const filetypeOf = (fd: number): number => {
      const buf = guest.alloc(24);
      expect(guest.wasi1.fd_fdstat_get(fd, buf)).toBe(Errno.SUCCESS);
      return guest.u8[buf]!;
    };
    const filestatType = (fd: number): number => {
      const buf = guest.alloc(64);
      expect(guest.wasi1.fd_filestat_get(fd, buf)).toBe(Errno.SUCCESS);
      return guest.u8[buf + 16]!;
    };
    const dirOpen = () => guest.open(3, 'dir', { rights: FD_READ })[1];
    const fileOpen = () => guest.open(3, 'file', { rights: FD_READ })[1];
    // A directory: its kind decides each call, read first by that call.
    expect(filetypeOf(dirOpen())).toBe(3);
    expect(guest.read(dirOpen(), 4)[0]).toBe(Errno.BADF);
    expect(guest.open(dirOpen(), 'missing')[0]).toBe(Errno.NOENT);
    let fd = dirOpen();
    expect(filestatType(fd)).toBe(3);
    expect(guest.read(fd, 4)[0]).toBe(Errno.BADF);
    expect(guest.wasi1.fd_fdstat_set_flags(dirOpen(), 1)).toBe(Errno.BADF);
    expect(guest.wasi1.fd_close(dirOpen())).toBe(Errno.SUCCESS);
    // A file: the same calls answer as for a file.
    expect(filetypeOf(fileOpen())).toBe(4);
    expect(guest.read(fileOpen(), 4)).toEqual([Errno.SUCCESS, 'abc']);
    expect(guest.open(fileOpen(), 'x')[0]).toBe(Errno.NOTDIR);
    fd = fileOpen();
    expect(filestatType(fd)).toBe(4);
    expect(guest.read(fd, 4)).toEqual([Errno.SUCCESS, 'abc']);
    expect(filetypeOf(fd)).toBe(4);
    // APPEND given at open stays a file's flag and is dropped for a directory.
    const appended = guest.open(3, 'dir', { rights: FD_READ, fdflags: 1 })[1];
    const buf = guest.alloc(24);
    expect(guest.wasi1.fd_fdstat_get(appended, buf)).toBe(Errno.SUCCESS);
    expect(guest.view.getUint16(buf + 2, true)).toBe(0);
    const appendedFile = guest.open(3, 'file', { rights: FD_READ, fdflags: 1 })[1];
    expect(guest.wasi1.fd_fdstat_get(appendedFile, buf)).toBe(Errno.SUCCESS);
    expect(guest.view.getUint16(buf + 2, true)).toBe(1);
  });

  it('path_open of a file descriptor as the directory is ENOTDIR; unknown flags are EINVAL', () => {
    const [, fd] = guest.open(3, 'file');
    expect(guest.open(fd, 'x')[0]).toBe(Errno.NOTDIR);
    const [p, l] = guest.str('file');
    expect(guest.wasi1.path_open(3, 2, p, l, 0, 0n, 0n, 0, guest.alloc(4))).toBe(Errno.INVAL);
    expect(guest.wasi1.path_open(3, 0, p, l, 16, 0n, 0n, 0, guest.alloc(4))).toBe(Errno.INVAL);
    expect(guest.wasi1.path_open(3, 0, p, l, 0, 1n << 35n, 0n, 0, guest.alloc(4))).toBe(Errno.INVAL);
  });

  it('path_filestat_get reports the link itself or, with SYMLINK_FOLLOW, its target', () => {
    const buf = guest.alloc(64);
    const [p, l] = guest.str('link');
    expect(guest.wasi1.path_filestat_get(3, 0, p, l, buf)).toBe(Errno.SUCCESS);
    expect(guest.view.getUint8(buf + 16)).toBe(7);
    expect(guest.wasi1.path_filestat_get(3, FOLLOW, p, l, buf)).toBe(Errno.SUCCESS);
    expect(guest.view.getUint8(buf + 16)).toBe(4);
    expect(guest.u64(buf + 32)).toBe(3n);
    const [d, dl] = guest.str('dangling');
    expect(guest.wasi1.path_filestat_get(3, FOLLOW, d, dl, buf)).toBe(Errno.NOENT);
    const [f, fl] = guest.str('file/');
    expect(guest.wasi1.path_filestat_get(3, 0, f, fl, buf)).toBe(Errno.NOTDIR);
  });

  it('a time before the epoch is reported as 0, as wasmtime does (not wrapped to centuries ahead), by path_filestat_get and fd_filestat_get', () => {
    execFileSync('touch', ['-h', '-d', '1950-01-01T00:00:00Z', path.join(root, 'file')]);
    const buf = guest.alloc(64);
    const [p, l] = guest.str('file');
    expect(guest.wasi1.path_filestat_get(3, 0, p, l, buf)).toBe(Errno.SUCCESS);
    expect([guest.u64(buf + 40), guest.u64(buf + 48)]).toEqual([0n, 0n]);
    expect(guest.u64(buf + 56)).toBeGreaterThan(0n);
    const [, fd] = guest.open(3, 'file');
    expect(guest.wasi1.fd_filestat_get(fd, buf)).toBe(Errno.SUCCESS);
    expect([guest.u64(buf + 40), guest.u64(buf + 48)]).toEqual([0n, 0n]);
    const old = guest.alloc(56);
    expect(guest.unstable.path_filestat_get(3, 0, p, l, old)).toBe(Errno.SUCCESS);
    expect([guest.u64(old + 32), guest.u64(old + 40)]).toEqual([0n, 0n]);
  });

  it('path_filestat_get and fd_filestat_get write every field of both layouts, padding zeroed', () => {
    const nested = path.join(root, 'dir', 'sub');
    mkdirSync(nested);
    writeFileSync(path.join(nested, 'data'), 'hello');
    const host = lstatSync(path.join(nested, 'data'), { bigint: true });
    const [p, l] = guest.str('dir/sub/data');
    /** The filestat the witx defines for `host`: preview1 (nlink u64 at 24) or wasi_unstable (nlink u32 at 20). */
    const expected = (unstable: boolean): Buffer => {
      const bytes = Buffer.alloc(unstable ? 56 : 64);
      bytes.writeBigUInt64LE(host.dev, 0);
      bytes.writeBigUInt64LE(host.ino, 8);
      bytes.writeUInt8(4, 16);
      if (unstable) bytes.writeUInt32LE(Number(host.nlink), 20);
      else bytes.writeBigUInt64LE(host.nlink, 24);
      const tail = unstable ? 24 : 32;
      [host.size, host.atimeNs, host.mtimeNs, host.ctimeNs].forEach((value, i) => bytes.writeBigUInt64LE(value, tail + 8 * i));
      return bytes;
    };
    const [, fd] = guest.open(3, 'dir/sub/data');
    for (const unstable of [false, true]) {
      const imports = unstable ? guest.unstable : guest.wasi1;
      const size = unstable ? 56 : 64;
      for (const call of [(buf: number) => imports.path_filestat_get(3, FOLLOW, p, l, buf), (buf: number) => imports.fd_filestat_get(fd, buf)]) {
        const buf = guest.alloc(size + 8);
        guest.u8.fill(0xff, buf, buf + size + 8);
        expect(call(buf)).toBe(Errno.SUCCESS);
        expect(guest.bytesAt(buf, size)).toEqual(expected(unstable));
        // Nothing past the struct is touched.
        expect(guest.bytesAt(buf + size, 8)).toEqual(Buffer.alloc(8, 0xff));
      }
    }
  });

  it('a filestat that does not fit in memory traps, but only once the stat has succeeded', () => {
    const [p, l] = guest.str('file');
    const [m, ml] = guest.str('missing');
    const end = guest.memory.buffer.byteLength;
    const [, fd] = guest.open(3, 'file');
    // A failed lookup answers its errno and never writes the buffer (wasmtime writes only a result).
    expect(guest.wasi1.path_filestat_get(3, 0, m, ml, end - 8)).toBe(Errno.NOENT);
    expect(() => guest.wasi1.path_filestat_get(3, 0, p, l, end - 56)).toThrow(/out-of-bounds/);
    expect(() => guest.wasi1.path_filestat_get(3, 0, p, l, guest.alloc(72) + 4)).toThrow(/misaligned/);
    expect(() => guest.wasi1.fd_filestat_get(fd, end - 56)).toThrow(/out-of-bounds/);
    expect(() => guest.unstable.fd_filestat_get(fd, end - 48)).toThrow(/out-of-bounds/);
    // 56 bytes fit where 64 do not: wasi_unstable's filestat is written there.
    expect(guest.unstable.path_filestat_get(3, 0, p, l, end - 56)).toBe(Errno.SUCCESS);
    expect(guest.view.getBigUint64(end - 56 + 24, true)).toBe(3n);
  });

  it('path_filestat_set_times changes the entry, not what a link points to unless asked', () => {
    const [p, l] = guest.str('file');
    expect(guest.wasi1.path_filestat_set_times(3, 0, p, l, 0n, 5_000_000_000n, 4)).toBe(Errno.SUCCESS);
    expect(statSync(path.join(root, 'file')).mtimeMs).toBe(5000);
    const [q, ql] = guest.str('link');
    expect(guest.wasi1.path_filestat_set_times(3, FOLLOW, q, ql, 0n, 7_000_000_000n, 4)).toBe(Errno.SUCCESS);
    expect(statSync(path.join(root, 'file')).mtimeMs).toBe(7000);
    expect(guest.wasi1.path_filestat_set_times(3, 0, q, ql, 0n, 0n, 1 | 2)).toBe(Errno.INVAL);
  });

  it('path_readlink cuts the contents to the buffer and refuses non-links', () => {
    const buf = guest.alloc(16);
    const used = guest.alloc(4);
    const [p, l] = guest.str('dangling');
    expect(guest.wasi1.path_readlink(3, p, l, buf, 16, used)).toBe(Errno.SUCCESS);
    expect(guest.bytesAt(buf, guest.u32(used)).toString()).toBe('dangling-target');
    expect(guest.wasi1.path_readlink(3, p, l, buf, 4, used)).toBe(Errno.SUCCESS);
    expect(guest.u32(used)).toBe(4);
    const [f, fl] = guest.str('file');
    expect(guest.wasi1.path_readlink(3, f, fl, buf, 16, used)).toBe(Errno.INVAL);
  });

  it('path_create_directory / path_remove_directory, with POSIX errnos', () => {
    expect(guest.pathCall(guest.wasi1.path_create_directory, 3, 'dir/sub')).toBe(Errno.SUCCESS);
    expect(guest.pathCall(guest.wasi1.path_create_directory, 3, 'dir/sub')).toBe(Errno.EXIST);
    expect(guest.pathCall(guest.wasi1.path_remove_directory, 3, 'dir')).toBe(Errno.NOTEMPTY);
    expect(guest.pathCall(guest.wasi1.path_remove_directory, 3, 'file')).toBe(Errno.NOTDIR);
    expect(guest.pathCall(guest.wasi1.path_remove_directory, 3, 'dir/sub/')).toBe(Errno.SUCCESS);
    expect(guest.pathCall(guest.wasi1.path_remove_directory, 3, '.')).toBe(Errno.INVAL);
    expect(existsSync(root)).toBe(true);
  });

  it('path_unlink_file removes files and links, not directories; trailing slashes are ENOTDIR', () => {
    expect(guest.pathCall(guest.wasi1.path_unlink_file, 3, 'dir')).toBe(Errno.ISDIR);
    expect(guest.pathCall(guest.wasi1.path_unlink_file, 3, 'file/')).toBe(Errno.NOTDIR);
    expect(guest.pathCall(guest.wasi1.path_unlink_file, 3, 'link')).toBe(Errno.SUCCESS);
    expect(existsSync(path.join(root, 'file'))).toBe(true);
    expect(guest.pathCall(guest.wasi1.path_unlink_file, 3, 'file')).toBe(Errno.SUCCESS);
    expect(guest.pathCall(guest.wasi1.path_unlink_file, 3, 'file')).toBe(Errno.NOENT);
  });

  it('path_rename moves entries; a file with a trailing slash is ENOTDIR', () => {
    expect(call2(guest.wasi1.path_rename, 'file', 'dir/moved')).toBe(Errno.SUCCESS);
    expect(existsSync(path.join(root, 'dir', 'moved'))).toBe(true);
    expect(call2(guest.wasi1.path_rename, 'dir/moved/', 'x')).toBe(Errno.NOTDIR);
    expect(call2(guest.wasi1.path_rename, 'dir', 'dir2/')).toBe(Errno.SUCCESS);
    expect(lstatSync(path.join(root, 'dir2')).isDirectory()).toBe(true);
  });

  it('path_symlink and path_link create entries; trailing slashes give ENOENT/EEXIST/ENOTDIR as on Linux', () => {
    expect(call2((fd, a, al, fd2, b, bl) => guest.wasi1.path_symlink(a, al, fd2, b, bl), 'file', 'sym')).toBe(Errno.SUCCESS);
    expect(readlinkSync(path.join(root, 'sym'))).toBe('file');
    expect(call2((fd, a, al, fd2, b, bl) => guest.wasi1.path_symlink(a, al, fd2, b, bl), 'file', 'target/')).toBe(Errno.NOENT);
    expect(call2((fd, a, al, fd2, b, bl) => guest.wasi1.path_symlink(a, al, fd2, b, bl), 'file', 'dir/')).toBe(Errno.EXIST);
    expect(call2((fd, a, al, fd2, b, bl) => guest.wasi1.path_symlink(a, al, fd2, b, bl), 'x', 'file/')).toBe(Errno.NOTDIR);
    expect(call2((fd, a, al, fd2, b, bl) => guest.wasi1.path_link(fd, 0, a, al, fd2, b, bl), 'file', 'hard')).toBe(Errno.SUCCESS);
    expect(statSync(path.join(root, 'file')).nlink).toBe(2);
    expect(call2((fd, a, al, fd2, b, bl) => guest.wasi1.path_link(fd, 0, a, al, fd2, b, bl), 'file', 'hard')).toBe(Errno.EXIST);
    expect(call2((fd, a, al, fd2, b, bl) => guest.wasi1.path_link(fd, 0, a, al, fd2, b, bl), 'file', 'link2/')).toBe(Errno.NOENT);
    expect(call2((fd, a, al, fd2, b, bl) => guest.wasi1.path_link(fd, 0, a, al, fd2, b, bl), 'dir', 'dirlink')).toBe(Errno.PERM);
  });
});
