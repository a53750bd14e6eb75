import { openSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FdEntry } from '../../src/fd/entry.js';
import { FdTable } from '../../src/fd/table.js';
import { Errno, Filetype, Rights } from '../../src/preview1/spec.js';
import { errnoOf } from '../preview1/harness.js';

describe('FdTable', () => {
  const file = (rights: number) => new FdEntry('file', openSync('/dev/null', 'r'), Filetype.CHARACTER_DEVICE, rights, 0);

  it('get() checks base and inheriting rights: EBADF for unknown fds, ENOTCAPABLE for missing rights', () => {
    const table = new FdTable();
    const fd = table.insert(new FdEntry('directory', openSync('/tmp', 'r'), Filetype.DIRECTORY, Rights.PATH_OPEN, Rights.FD_READ));
    expect(table.get(fd, Rights.PATH_OPEN, Rights.FD_READ).kind).toBe('directory');
    expect(errnoOf(() => table.get(fd, Rights.PATH_CREATE_FILE))).toBe(Errno.NOTCAPABLE);
    expect(errnoOf(() => table.get(fd, 0, Rights.FD_WRITE))).toBe(Errno.NOTCAPABLE);
    expect(errnoOf(() => table.get(fd + 1, 0))).toBe(Errno.BADF);
    expect(errnoOf(() => table.get(-1, 0))).toBe(Errno.BADF);
    expect(errnoOf(() => table.getFile(fd, 0))).toBe(Errno.BADF);
    table.closeAll();
  });

  it('getFile(): reading or writing without the access right is EBADF, other rights ENOTCAPABLE', () => {
    const table = new FdTable();
    const fd = table.insert(file(Rights.FD_READ));
    expect(errnoOf(() => table.getFile(fd, Rights.FD_WRITE))).toBe(Errno.BADF);
    expect(errnoOf(() => table.getFile(fd, Rights.FD_SEEK))).toBe(Errno.NOTCAPABLE);
    expect(errnoOf(() => table.getDirectory(fd, 0))).toBe(Errno.NOTDIR);
    table.closeAll();
  });

  it('insert() takes the lowest free number; close() frees it; renumber() replaces an open target', () => {
    const table = new FdTable();
    const a = table.insert(file(0));
    const b = table.insert(file(0));
    expect([a, b]).toEqual([0, 1]);
    table.close(a);
    expect(errnoOf(() => table.close(a))).toBe(Errno.BADF);
    expect(table.insert(file(Rights.FD_READ))).toBe(0);
    table.renumber(0, b);
    expect(table.has(0)).toBe(false);
    expect(table.get(b, Rights.FD_READ)).toBeDefined();
    expect(errnoOf(() => table.renumber(b, 5))).toBe(Errno.BADF);
    table.closeAll();
    expect(table.has(b)).toBe(false);
  });
});
