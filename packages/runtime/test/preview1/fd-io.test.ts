import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { Errno } from '../../src/index.js';
import { Guest, tempDir } from './harness.js';

const CREAT = 1;
const [SET, CUR, END] = [0, 1, 2];
const APPEND = 1;

describe('fd_read / fd_write / fd_pread / fd_pwrite / fd_seek / fd_tell', () => {
  let root: string;
  let guest: Guest;
  let fd: number;

  beforeEach(() => {
    root = tempDir('fd-io');
    writeFileSync(path.join(root, 'data.txt'), 'hello world');
    guest = new Guest({ preopens: { '/d': root } });
    const [errno, opened] = guest.open(3, 'data.txt');
    expect(errno).toBe(Errno.SUCCESS);
    fd = opened;
  });

  const seek = (offset: bigint, whence: number): [number, bigint] => {
    const out = guest.alloc(8);
    const errno = guest.wasi1.fd_seek(fd, offset, whence, out);
    return [errno, guest.u64(out)];
  };

  it('reads sequentially and advances the position', () => {
    expect(guest.read(fd, 5)).toEqual([Errno.SUCCESS, 'hello']);
    expect(guest.read(fd, 100)).toEqual([Errno.SUCCESS, ' world']);
    expect(guest.read(fd, 100)).toEqual([Errno.SUCCESS, '']);
  });

  it('an empty iovec is skipped wherever it points (Linux, wasmtime): no trap, the others transfer', () => {
    const [text, len] = guest.str('hi');
    const [iovs, count] = guest.iovecs([{ ptr: 0xffff_fff0, len: 0 }, { ptr: text, len }]);
    const out = guest.alloc(4);
    expect(guest.wasi1.fd_pwrite(fd, iovs, count, 0n, out)).toBe(Errno.SUCCESS);
    expect(guest.u32(out)).toBe(2);
    const into = guest.alloc(8);
    const [readIovs] = guest.iovecs([{ ptr: 0xffff_fff0, len: 0 }, { ptr: into, len: 8 }]);
    expect(guest.wasi1.fd_read(fd, readIovs, 2, out)).toBe(Errno.SUCCESS);
    expect(guest.bytesAt(into, guest.u32(out)).toString()).toBe('hillo wo');
  });

  it('scatters a read over several iovecs and stops at end of file', () => {
    const a = guest.alloc(4);
    const b = guest.alloc(16);
    const [iovs, count] = guest.iovecs([{ ptr: a, len: 4 }, { ptr: b, len: 16 }]);
    const nread = guest.alloc(4);
    expect(guest.wasi1.fd_read(fd, iovs, count, nread)).toBe(Errno.SUCCESS);
    expect(guest.u32(nread)).toBe(11);
    expect(guest.bytesAt(a, 4).toString()).toBe('hell');
    expect(guest.bytesAt(b, 7).toString()).toBe('o world');
  });

  it('writes at the position, and gathers several iovecs', () => {
    expect(seek(6n, SET)).toEqual([Errno.SUCCESS, 6n]);
    const [p1, l1] = guest.str('WO');
    const [p2, l2] = guest.str('RLD!');
    const [iovs, count] = guest.iovecs([{ ptr: p1, len: l1 }, { ptr: p2, len: l2 }]);
    const out = guest.alloc(4);
    expect(guest.wasi1.fd_write(fd, iovs, count, out)).toBe(Errno.SUCCESS);
    expect(guest.u32(out)).toBe(6);
    expect(readFileSync(path.join(root, 'data.txt'), 'utf8')).toBe('hello WORLD!');
    expect(seek(0n, CUR)).toEqual([Errno.SUCCESS, 12n]);
  });

  it('pread and pwrite do not move the position', () => {
    const buf = guest.alloc(5);
    const [iovs, count] = guest.iovecs([{ ptr: buf, len: 5 }]);
    const out = guest.alloc(4);
    expect(guest.wasi1.fd_pread(fd, iovs, count, 6n, out)).toBe(Errno.SUCCESS);
    expect(guest.bytesAt(buf, guest.u32(out)).toString()).toBe('world');
    const [p, l] = guest.str('J');
    const [wiovs, wcount] = guest.iovecs([{ ptr: p, len: l }]);
    expect(guest.wasi1.fd_pwrite(fd, wiovs, wcount, 0n, out)).toBe(Errno.SUCCESS);
    const tell = guest.alloc(8);
    expect(guest.wasi1.fd_tell(fd, tell)).toBe(Errno.SUCCESS);
    expect(guest.u64(tell)).toBe(0n);
    expect(readFileSync(path.join(root, 'data.txt'), 'utf8')).toBe('Jello world');
  });

  it('pwrite on a file opened with FDFLAGS_APPEND ignores the offset and appends, as Linux and wasmtime do; the position stays', () => {
    const [errno, appender] = guest.open(3, 'data.txt', { fdflags: APPEND });
    expect(errno).toBe(Errno.SUCCESS);
    const [p, l] = guest.str('!');
    const [iovs, count] = guest.iovecs([{ ptr: p, len: l }]);
    const out = guest.alloc(8);
    expect(guest.wasi1.fd_pwrite(appender, iovs, count, 0n, out)).toBe(Errno.SUCCESS);
    expect(guest.wasi1.fd_pwrite(appender, iovs, count, 50n, out)).toBe(Errno.SUCCESS);
    expect(readFileSync(path.join(root, 'data.txt'), 'utf8')).toBe('hello world!!');
    expect(guest.wasi1.fd_tell(appender, out)).toBe(Errno.SUCCESS);
    expect(guest.u64(out)).toBe(0n);
    // Whatever the offset: one past any file size (u64's largest, the guest's -1) appends too.
    expect(guest.wasi1.fd_pwrite(appender, iovs, count, -1n, out)).toBe(Errno.SUCCESS);
    expect(readFileSync(path.join(root, 'data.txt'), 'utf8')).toBe('hello world!!!');
  });

  it('seeks with SET, CUR and END; a negative result or an unknown whence is EINVAL', () => {
    expect(seek(-5n, END)).toEqual([Errno.SUCCESS, 6n]);
    expect(seek(2n, CUR)).toEqual([Errno.SUCCESS, 8n]);
    expect(seek(-1n, SET)[0]).toBe(Errno.INVAL);
    expect(seek(-100n, CUR)[0]).toBe(Errno.INVAL);
    expect(seek(0n, 3)[0]).toBe(Errno.INVAL);
    expect(seek(100n, SET)).toEqual([Errno.SUCCESS, 100n]);
  });

  it('stdio is not seekable (ESPIPE) and directories are not files (EBADF)', () => {
    const out = guest.alloc(8);
    expect(guest.wasi1.fd_seek(1, 0n, CUR, out)).toBe(Errno.SPIPE);
    expect(guest.wasi1.fd_tell(0, out)).toBe(Errno.SPIPE);
    expect(guest.wasi1.fd_seek(3, 0n, CUR, out)).toBe(Errno.BADF);
    expect(guest.read(3, 4)[0]).toBe(Errno.BADF);
    expect(guest.write(3, 'x')[0]).toBe(Errno.BADF);
    expect(guest.read(99, 4)[0]).toBe(Errno.BADF);
  });

  it('FDFLAGS_APPEND writes at the end whatever the position', () => {
    const [errno, appendFd] = guest.open(3, 'log.txt', { oflags: CREAT, fdflags: APPEND });
    expect(errno).toBe(Errno.SUCCESS);
    expect(guest.write(appendFd, 'one\n')).toEqual([Errno.SUCCESS, 4]);
    const out = guest.alloc(8);
    expect(guest.wasi1.fd_seek(appendFd, 0n, SET, out)).toBe(Errno.SUCCESS);
    expect(guest.write(appendFd, 'two\n')).toEqual([Errno.SUCCESS, 4]);
    expect(readFileSync(path.join(root, 'log.txt'), 'utf8')).toBe('one\ntwo\n');
  });

  it('an iovec array or buffer outside memory traps instead of returning an errno', () => {
    expect(() => guest.wasi1.fd_read(fd, 0xfffffff0, 4, 16)).toThrow(/out-of-bounds pointer.*in fd_read/);
    const [iovs, count] = guest.iovecs([{ ptr: 0xffffff00, len: 1024 }]);
    expect(() => guest.wasi1.fd_write(1, iovs, count, 16)).toThrow(/out-of-bounds/);
    expect(() => guest.wasi1.fd_read(fd, 1026, 1, 16)).toThrow(/misaligned/);
  });

  it('reads a host fd as stdin into several iovecs in order, continuing where the last read ended, then 0 at its end', () => {
    const input = path.join(root, 'stdin.txt');
    writeFileSync(input, 'abcdefghij');
    const hostFd = openSync(input, 'r');
    try {
      const reader = new Guest({ stdin: hostFd });
      const [first, second] = [reader.alloc(3), reader.alloc(4)];
      const [iovs, count] = reader.iovecs([{ ptr: first, len: 3 }, { ptr: first, len: 0 }, { ptr: second, len: 4 }]);
      const out = reader.alloc(4);
      expect(reader.wasi1.fd_read(0, iovs, count, out)).toBe(Errno.SUCCESS);
      expect([reader.u32(out), reader.bytesAt(first, 3).toString(), reader.bytesAt(second, 4).toString()]).toEqual([7, 'abc', 'defg']);
      expect(reader.read(0, 50)).toEqual([Errno.SUCCESS, 'hij']);
      expect(reader.read(0, 50)).toEqual([Errno.SUCCESS, '']);
    } finally {
      closeSync(hostFd);
    }
  });

  it("writes to 'capture' sinks and reads string stdin", () => {
    const captured = new Guest({ stdin: 'input text', stdout: 'capture', stderr: 'capture' });
    expect(captured.write(1, 'to stdout')).toEqual([Errno.SUCCESS, 9]);
    expect(captured.write(2, 'to stderr')).toEqual([Errno.SUCCESS, 9]);
    expect(captured.read(0, 5)).toEqual([Errno.SUCCESS, 'input']);
    expect(captured.read(0, 50)).toEqual([Errno.SUCCESS, ' text']);
    expect(captured.read(0, 50)).toEqual([Errno.SUCCESS, '']);
    expect(captured.write(0, 'x')[0]).toBe(Errno.BADF);
    expect(captured.wasi.captured()).toEqual({ stdout: 'to stdout', stderr: 'to stderr' });
  });
});
