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

  it('getMutableDirectory(): a directory beneath a read-only grant is EPERM (wasmtime\'s NotPermitted)', () => {
    const table = new FdTable();
    const fd = table.insert(new FdEntry('directory', openSync('/tmp', 'r'), Filetype.DIRECTORY, Access.READ, true));
    expect(table.getDirectory(fd).readonly).toBe(true);
    expect(errnoOf(() => table.getMutableDirectory(fd))).toBe(Errno.PERM);
    table.closeAll();
  });

  it('insert() takes the lowest free number; close() frees it; renumber() replaces an open target', () => {
    const table = new FdTable();
    const a = table.insert(file(0));
    const b = table.insert(file(0));
    expect([a, b]).toEqual([0, 1]);
    table.close(a);
    expect(errnoOf(() => table.close(a))).toBe(Errno.BADF);
    expect(table.insert(file(Access.READ))).toBe(0);
    table.renumber(0, b);
    expect(table.has(0)).toBe(false);
    expect(table.get(b)).toBeDefined();
    expect(errnoOf(() => table.renumber(b, 5))).toBe(Errno.BADF);
    table.closeAll();
    expect(table.has(b)).toBe(false);
  });
});
