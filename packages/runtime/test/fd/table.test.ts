import { openSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Access, FdEntry } from '../../src/fd/entry.js';
import { FdTable } from '../../src/fd/table.js';
import { Errno, Filetype } from '../../src/preview1/spec.js';
import { errnoOf } from '../preview1/harness.js';

describe('FdTable', () => {
  const file = (access: number, readonly = false) => new FdEntry('file', openSync('/dev/null', 'r'), Filetype.CHARACTER_DEVICE, access, readonly);

  it('get() and getDirectory() check only the kind: EBADF for unknown fds, and for a file (ENOTDIR when asked, as path_open); rights are not enforced', () => {
    const table = new FdTable();
    const fd = table.insert(new FdEntry('directory', openSync('/tmp', 'r'), Filetype.DIRECTORY, 0, false));
    expect(table.get(fd).kind).toBe('directory');
    expect(table.getDirectory(fd).kind).toBe('directory');
    expect(table.getMutableDirectory(fd).kind).toBe('directory');
    expect(errnoOf(() => table.get(fd + 1))).toBe(Errno.BADF);
    expect(errnoOf(() => table.get(-1))).toBe(Errno.BADF);
    expect(errnoOf(() => table.getFile(fd))).toBe(Errno.BADF);
    table.closeAll();
  });

  it('getFile(): reading or writing a descriptor not open for it is EBADF', () => {
    const table = new FdTable();
    const fd = table.insert(file(Access.READ));
    expect(table.getFile(fd, Access.READ).kind).toBe('file');
    expect(errnoOf(() => table.getFile(fd, Access.WRITE))).toBe(Errno.BADF);
    expect(errnoOf(() => table.getDirectory(fd))).toBe(Errno.BADF);
    expect(errnoOf(() => table.getDirectory(fd, Errno.NOTDIR))).toBe(Errno.NOTDIR);
    table.closeAll();
  });

  it('openedFileOrErrno() returns EBADF for what getOpenedFile() refuses (a directory, stdio, an unknown fd) instead of throwing it', () => {
    const table = new FdTable();
    const dir = table.insert(new FdEntry('directory', openSync('/tmp', 'r'), Filetype.DIRECTORY, Access.READ, false));
    const fd = table.insert(file(Access.READ));
    const stdio = table.insert(new FdEntry('stdio', -1, Filetype.CHARACTER_DEVICE, Access.WRITE, false));
    expect(table.openedFileOrErrno(fd)).toBe(table.getOpenedFile(fd));
    for (const refused of [dir, stdio, 99, -1]) {
      expect(table.openedFileOrErrno(refused), `fd ${refused}`).toBe(Errno.BADF);
      expect(errnoOf(() => table.getOpenedFile(refused)), `fd ${refused}`).toBe(Errno.BADF);
    }
    table.closeAll();
  });

  it('getMutableDirectory(): a directory beneath a read-only grant is EPERM (wasmtime\'s NotPermitted)', () => {
    const table = new FdTable();
    const fd = table.insert(new FdEntry('directory', openSync('/tmp', 'r'), Filetype.DIRECTORY, Access.READ, true));
    expect(table.getDirectory(fd).readonly).toBe(true);
    expect(errnoOf(() => table.getMutableDirectory(fd))).toBe(Errno.PERM);
    table.closeAll();
  });

  it("insert() numbers as wasmtime's p1: the highest number closed first, else one past the highest open; renumber() frees `from`", () => {
    const table = new FdTable();
    expect([0, 1, 2, 3].map(() => table.insert(file(0)))).toEqual([0, 1, 2, 3]);
    const b = 1;
    table.close(0);
    expect(errnoOf(() => table.close(0))).toBe(Errno.BADF);
    table.close(2);
    expect([table.insert(file(0)), table.insert(file(0)), table.insert(file(0))]).toEqual([2, 0, 4]);
    table.renumber(4, 3);
    expect(table.has(4)).toBe(false);
    expect(table.insert(file(0))).toBe(4);
    table.close(0);
    table.close(2);
    table.close(4);
    table.close(3);
    expect(table.insert(file(Access.READ))).toBe(4);
    expect(table.insert(file(Access.READ))).toBe(3);
    expect(table.insert(file(Access.READ))).toBe(2);
    expect(table.insert(file(Access.READ))).toBe(0);
    table.close(0);
    table.close(2);
    expect(table.insert(file(Access.READ))).toBe(2);
    expect(table.insert(file(Access.READ))).toBe(0);
    table.renumber(0, b);
    expect(table.has(0)).toBe(false);
    expect(table.get(b)).toBeDefined();
    expect(errnoOf(() => table.renumber(b, 5))).toBe(Errno.BADF);
    table.closeAll();
    expect(table.has(b)).toBe(false);
  });
});
