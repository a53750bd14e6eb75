import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WasiError } from '../../src/failures.js';
import { errnoFromNodeError, isNodeSystemError, toWasiError } from '../../src/fs/errno-from-node.js';
import { Errno } from '../../src/preview1/spec.js';

describe('errnoFromNodeError', () => {
  it('maps host errno names to WASI errnos, unknown ones to EIO', () => {
    const cases: [string, Errno][] = [['ENOENT', Errno.NOENT], ['EEXIST', Errno.EXIST], ['ENOTDIR', Errno.NOTDIR], ['EISDIR', Errno.ISDIR], ['ELOOP', Errno.LOOP], ['EACCES', Errno.ACCES], ['EPERM', Errno.PERM], ['ENOTEMPTY', Errno.NOTEMPTY], ['EXDEV', Errno.XDEV], ['EOPNOTSUPP', Errno.NOTSUP], ['EWOULDBLOCK', Errno.AGAIN], ['ESOMETHING', Errno.IO]];
    for (const [code, errno] of cases) expect(errnoFromNodeError(Object.assign(new Error(code), { code }))).toBe(errno);
  });

  it('turns only real system errors into WasiErrors; host bugs pass through', () => {
    let systemError: unknown;
    try {
      readFileSync('/definitely/missing/file');
    } catch (error) {
      systemError = error;
    }
    expect(isNodeSystemError(systemError)).toBe(true);
    const converted = toWasiError(systemError);
    expect(converted).toBeInstanceOf(WasiError);
    expect((converted as WasiError).errno).toBe(Errno.NOENT);
    const bug = new TypeError('oops');
    expect(toWasiError(bug)).toBe(bug);
  });
});
