import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { Errno, Rights } from '../../src/index.js';
import { Guest, tempDir } from './harness.js';

describe('fd_* metadata calls', () => {
  let root: string;
  let guest: Guest;
  let fd: number;

  beforeEach(() => {
    root = tempDir('fd-meta');
    writeFileSync(path.join(root, 'f'), '0123456789');
    guest = new Guest({ preopens: { '/m': root, '/second': root } });
    fd = guest.open(3, 'f')[1];
  });

  const fdstat = (target: number) => {
    const buf = guest.alloc(24);
    const errno = guest.wasi1.fd_fdstat_get(target, buf);
    return { errno, filetype: guest.view.getUint8(buf), flags: guest.view.getUint16(buf + 2, true), base: guest.u64(buf + 8), inheriting: guest.u64(buf + 16) };
  };

  it('fd_prestat_get / fd_prestat_dir_name report preopens from fd 3 in order; others are EBADF', () => {
    const prestat = guest.alloc(8);
    expect(guest.wasi1.fd_prestat_get(3, prestat)).toBe(Errno.SUCCESS);
    expect(guest.view.getUint8(prestat)).toBe(0);
    expect(guest.u32(prestat + 4)).toBe(2);
    const name = guest.alloc(16);
    expect(guest.wasi1.fd_prestat_dir_name(4, name, 16)).toBe(Errno.SUCCESS);
    expect(guest.bytesAt(name, 7).toString()).toBe('/second');
    expect(guest.wasi1.fd_prestat_dir_name(4, name, 3)).toBe(Errno.NAMETOOLONG);
    expect(guest.wasi1.fd_prestat_get(fd, prestat)).toBe(Errno.BADF);
    expect(guest.wasi1.fd_prestat_get(1, prestat)).toBe(Errno.BADF);
  });

  it('fd_fdstat_get reports wasmtime\'s rights (a preopen\'s fixed set; a file\'s from its access); fd_fdstat_set_rights is ENOTSUP', () => {
    const dir = fdstat(3);
    expect(dir.filetype).toBe(3);
    expect(dir.base & BigInt(Rights.PATH_OPEN)).not.toBe(0n);
    expect(dir.base & BigInt(Rights.FD_FILESTAT_SET_SIZE)).toBe(0n);
    expect(dir.inheriting & BigInt(Rights.FD_WRITE)).not.toBe(0n);
    const file = fdstat(fd);
    expect(file.filetype).toBe(4);
    expect(file.base & BigInt(Rights.FD_READ | Rights.FD_WRITE | Rights.FD_SEEK)).toBe(BigInt(Rights.FD_READ | Rights.FD_WRITE | Rights.FD_SEEK));
    const [, reader] = guest.open(3, 'f', { rights: BigInt(Rights.FD_READ) });
    expect(fdstat(reader).base & BigInt(Rights.FD_WRITE)).toBe(0n);
    const [, sub] = guest.open(3, '.', { oflags: 2, rights: 0n });
    // Opened without FD_WRITE, it is open for reading (wasmtime); a directory never seeks.
    expect(fdstat(sub).base & BigInt(Rights.FD_SEEK | Rights.FD_READ | Rights.FD_WRITE)).toBe(BigInt(Rights.FD_READ));
    expect(fdstat(sub).base & BigInt(Rights.PATH_OPEN)).not.toBe(0n);
    expect(fdstat(1).base).toBe(BigInt(Rights.FD_WRITE));
    expect(guest.wasi1.fd_fdstat_set_rights(fd, 0n, 0n)).toBe(Errno.NOTSUP);
    expect(guest.read(fd, 4)[0]).toBe(Errno.SUCCESS);
    expect(guest.wasi1.fd_fdstat_set_rights(99, 0n, 0n)).toBe(Errno.BADF);
    expect(guest.wasi1.fd_fdstat_set_rights(fd, 1n << 40n, 0n)).toBe(Errno.INVAL);
  });

  it('a file opened for writing (its type read only when asked) reports it: a regular file, a FIFO as UNKNOWN', () => {
    execFileSync('mkfifo', [path.join(root, 'fifo')]);
    const [writeErrno, writer] = guest.open(3, 'new', { oflags: 1, rights: BigInt(Rights.FD_WRITE) });
    expect(writeErrno).toBe(Errno.SUCCESS);
    expect(fdstat(writer).filetype).toBe(4);
    // O_RDWR on a FIFO does not wait for a peer on Linux.
    const [fifoErrno, fifo] = guest.open(3, 'fifo', { rights: BigInt(Rights.FD_READ | Rights.FD_WRITE) });
    expect(fifoErrno).toBe(Errno.SUCCESS);
    expect(fdstat(fifo).filetype).toBe(0);
  });

  it('fd_fdstat_set_flags toggles APPEND and refuses unknown bits', () => {
    expect(guest.wasi1.fd_fdstat_set_flags(fd, 1)).toBe(Errno.SUCCESS);
    expect(fdstat(fd).flags).toBe(1);
    expect(guest.wasi1.fd_fdstat_set_flags(fd, 64)).toBe(Errno.INVAL);
  });

  it('fd_filestat_get, fd_filestat_set_size; fd_allocate is ENOTSUP (wasmtime) and leaves the file alone', () => {
    const buf = guest.alloc(64);
    expect(guest.wasi1.fd_filestat_get(fd, buf)).toBe(Errno.SUCCESS);
    expect(guest.view.getUint8(buf + 16)).toBe(4);
    expect(guest.u64(buf + 24)).toBe(1n);
    expect(guest.u64(buf + 32)).toBe(10n);
    expect(guest.u64(buf + 8)).toBe(BigInt(statSync(path.join(root, 'f'), { bigint: true }).ino));
    expect(guest.wasi1.fd_filestat_set_size(fd, 4n)).toBe(Errno.SUCCESS);
    expect(readFileSync(path.join(root, 'f'), 'utf8')).toBe('0123');
    expect(guest.wasi1.fd_allocate(fd, 0n, 100n)).toBe(Errno.NOTSUP);
    expect(statSync(path.join(root, 'f')).size).toBe(4);
    expect(guest.wasi1.fd_filestat_set_size(3, 0n)).toBe(Errno.BADF);
    expect(guest.wasi1.fd_allocate(3, 0n, 1n)).toBe(Errno.BADF);
  });

  it('fd_filestat_set_times sets times, honours *_NOW, and rejects invalid flag pairs', () => {
    const ATIM = 1, ATIM_NOW = 2, MTIM = 4, MTIM_NOW = 8;
    expect(guest.wasi1.fd_filestat_set_times(fd, 0n, 1_000_000_000_000n, MTIM)).toBe(Errno.SUCCESS);
    expect(statSync(path.join(root, 'f')).mtimeMs).toBe(1_000_000);
    expect(guest.wasi1.fd_filestat_set_times(fd, 2_000_000_000_000n, 0n, ATIM)).toBe(Errno.SUCCESS);
    expect(statSync(path.join(root, 'f')).atimeMs).toBe(2_000_000);
    expect(statSync(path.join(root, 'f')).mtimeMs).toBe(1_000_000);
    expect(guest.wasi1.fd_filestat_set_times(fd, 0n, 0n, MTIM_NOW)).toBe(Errno.SUCCESS);
    expect(Math.abs(statSync(path.join(root, 'f')).mtimeMs - Date.now())).toBeLessThan(60_000);
    expect(guest.wasi1.fd_filestat_set_times(fd, 0n, 0n, ATIM | ATIM_NOW)).toBe(Errno.INVAL);
    expect(guest.wasi1.fd_filestat_set_times(fd, 0n, 0n, MTIM | MTIM_NOW)).toBe(Errno.INVAL);
    expect(guest.wasi1.fd_filestat_set_times(fd, 0n, 0n, 16)).toBe(Errno.INVAL);
  });

  it('fd_advise checks the advice; fd_sync and fd_datasync flush a file', () => {
    expect(guest.wasi1.fd_advise(fd, 0n, 0n, 4)).toBe(Errno.SUCCESS);
    expect(guest.wasi1.fd_advise(fd, 0n, 0n, 6)).toBe(Errno.INVAL);
    expect(guest.wasi1.fd_advise(3, 0n, 0n, 0)).toBe(Errno.BADF);
    expect(guest.wasi1.fd_sync(fd)).toBe(Errno.SUCCESS);
    expect(guest.wasi1.fd_datasync(fd)).toBe(Errno.SUCCESS);
    // A directory is EBADF for both, and for fd_fdstat_set_flags (wasmtime's p1_dir_fd_op_failures).
    expect(guest.wasi1.fd_sync(3)).toBe(Errno.BADF);
    expect(guest.wasi1.fd_datasync(3)).toBe(Errno.BADF);
    expect(guest.wasi1.fd_fdstat_set_flags(3, 4)).toBe(Errno.BADF);
  });

  it('fd_sync of a directory opened without O_DIRECTORY (SQLite syncs its folder so after every journal) is EBADF once its type is read; a read-only file syncs', () => {
    const READ = BigInt(Rights.FD_READ);
    const [dirErrno, dir] = guest.open(3, '.', { rights: READ });
    expect(dirErrno).toBe(Errno.SUCCESS);
    const [fileErrno, reader] = guest.open(3, 'f', { rights: READ });
    expect(fileErrno).toBe(Errno.SUCCESS);
    for (let round = 0; round < 2; round++) {
      expect(guest.wasi1.fd_sync(dir)).toBe(Errno.BADF);
      expect(guest.wasi1.fd_datasync(dir)).toBe(Errno.BADF);
      expect(guest.wasi1.fd_sync(reader)).toBe(Errno.SUCCESS);
      expect(guest.wasi1.fd_datasync(reader)).toBe(Errno.SUCCESS);
    }
    expect(fdstat(dir).filetype).toBe(3);
    expect(fdstat(reader).filetype).toBe(4);
    expect(guest.wasi1.fd_close(dir)).toBe(Errno.SUCCESS);
    expect(guest.wasi1.fd_sync(dir)).toBe(Errno.BADF);
  });

  it('file-only calls on stdio are EBADF, as wasmtime\'s get_file: a redirected stdout file keeps its times and size', () => {
    const outPath = path.join(root, 'stdout.log');
    writeFileSync(outPath, 'kept');
    const outFd = openSync(outPath, 'r+');
    utimesSync(outPath, 1_000_000, 1_000_000);
    const stdio = new Guest({ stdout: outFd });
    try {
      for (const target of [0, 1, 2]) {
        expect(stdio.wasi1.fd_filestat_set_times(target, 0n, 0n, 2 | 8)).toBe(Errno.BADF);
        expect(stdio.wasi1.fd_filestat_set_size(target, 0n)).toBe(Errno.BADF);
        expect(stdio.wasi1.fd_sync(target)).toBe(Errno.BADF);
        expect(stdio.wasi1.fd_datasync(target)).toBe(Errno.BADF);
        expect(stdio.wasi1.fd_advise(target, 0n, 0n, 0)).toBe(Errno.BADF);
        expect(stdio.wasi1.fd_allocate(target, 0n, 1n)).toBe(Errno.BADF);
        expect(stdio.wasi1.fd_fdstat_set_flags(target, 4)).toBe(Errno.BADF);
      }
      const buf = stdio.alloc(16);
      const [iovs, count] = stdio.iovecs([{ ptr: buf, len: 4 }]);
      // Positional transfers: the wrong direction is EBADF, the right one ESPIPE.
      expect(stdio.wasi1.fd_pread(1, iovs, count, 0n, buf)).toBe(Errno.BADF);
      expect(stdio.wasi1.fd_pread(0, iovs, count, 0n, buf)).toBe(Errno.SPIPE);
      expect(stdio.wasi1.fd_pwrite(0, iovs, count, 0n, buf)).toBe(Errno.BADF);
      expect(stdio.wasi1.fd_pwrite(1, iovs, count, 0n, buf)).toBe(Errno.SPIPE);
      expect(statSync(outPath).mtimeMs).toBe(1_000_000_000);
      expect(readFileSync(outPath, 'utf8')).toBe('kept');
    } finally {
      closeSync(outFd);
    }
  });

  it('stdio is a terminal or an unknown stream, as wasmtime reports it: a redirected file shows neither its type nor its inode, size or times', () => {
    const outPath = path.join(root, 'stdout.log');
    writeFileSync(outPath, 'a redirected stdout');
    const outFd = openSync(outPath, 'r+');
    const inFd = openSync(path.join(root, 'f'), 'r');
    const stdio = new Guest({ stdin: inFd, stdout: outFd });
    try {
      for (const target of [0, 1]) {
        const fdstatBuf = stdio.alloc(24);
        expect(stdio.wasi1.fd_fdstat_get(target, fdstatBuf)).toBe(Errno.SUCCESS);
        expect(stdio.view.getUint8(fdstatBuf)).toBe(0);
        const filestat = stdio.alloc(64);
        expect(stdio.wasi1.fd_filestat_get(target, filestat)).toBe(Errno.SUCCESS);
        expect([...stdio.bytesAt(filestat, 64)]).toEqual(new Array(64).fill(0));
      }
    } finally {
      closeSync(outFd);
      closeSync(inFd);
    }
  });

  it('fd_renumber moves an fd over an open one; fd_close frees it; both refuse unknown fds', () => {
    const other = guest.open(3, 'f')[1];
    expect(guest.wasi1.fd_renumber(fd, other)).toBe(Errno.SUCCESS);
    expect(fdstat(fd).errno).toBe(Errno.BADF);
    expect(guest.read(other, 3)).toEqual([Errno.SUCCESS, '012']);
    expect(guest.wasi1.fd_renumber(other, 77)).toBe(Errno.BADF);
    expect(guest.wasi1.fd_renumber(77, other)).toBe(Errno.BADF);
    expect(guest.wasi1.fd_close(other)).toBe(Errno.SUCCESS);
    expect(guest.wasi1.fd_close(other)).toBe(Errno.BADF);
    expect(guest.wasi1.fd_close(3)).toBe(Errno.SUCCESS);
    expect(guest.open(3, 'f')[0]).toBe(Errno.BADF);
  });

  it("path_open numbers fds as wasmtime's p1: the highest closed number first, then one past the highest open; fd_renumber frees `from`", () => {
    const opened = (name: string) => {
      const [errno, opened] = guest.open(3, name, { oflags: 1 });
      expect(errno).toBe(Errno.SUCCESS);
      return opened;
    };
    // fds 3 and 4 are the preopens, 5 is 'f'.
    expect(['a', 'b', 'c'].map(opened)).toEqual([6, 7, 8]);
    expect(guest.wasi1.fd_close(6)).toBe(Errno.SUCCESS);
    expect(guest.wasi1.fd_close(7)).toBe(Errno.SUCCESS);
    expect([opened('d'), opened('e'), opened('g')]).toEqual([7, 6, 9]);
    expect(guest.wasi1.fd_renumber(9, 6)).toBe(Errno.SUCCESS);
    expect(opened('h')).toBe(9);
    // Each number reaches the file it was given to.
    expect(guest.write(7, 'to d')).toEqual([Errno.SUCCESS, 4]);
    expect(guest.write(6, 'to g')).toEqual([Errno.SUCCESS, 4]);
    expect(readFileSync(path.join(root, 'd'), 'utf8')).toBe('to d');
    expect(readFileSync(path.join(root, 'g'), 'utf8')).toBe('to g');
    expect(readFileSync(path.join(root, 'e'), 'utf8')).toBe('');
  });
});
