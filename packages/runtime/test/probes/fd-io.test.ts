import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildProbes } from '../helpers/probes.js';
import { makeSandbox, type SandboxLayout } from '../helpers/sandbox-layout.js';
import { expectScript } from '../helpers/syscall-script.js';

// root/file.txt holds "inside" (6 bytes); fd 3 is the preopen /sb.
describe('fd_* reads, writes, offsets and metadata on a real file', () => {
  let sb: SandboxLayout;
  beforeAll(() => buildProbes().then(() => undefined));
  beforeEach(async () => {
    sb = await makeSandbox();
  });
  afterEach(() => sb.remove());
  const preopens = () => ({ '/sb': sb.root });

  it('fd_read/fd_write/fd_tell move the offset; fd_pread/fd_pwrite do not', async () => {
    await expectScript(preopens(), [
      ['open 3 file.txt >$f', 'ok'],
      ['read $f 3', 'ok ins'],
      ['tell $f', 'ok 3'],
      ['pread $f 3 1', 'ok nsi'],
      ['tell $f', 'ok 3'],
      ['write $f IDE', 'ok 3'],
      ['tell $f', 'ok 6'],
      ['pwrite $f XY 0', 'ok 2'],
      ['tell $f', 'ok 6'],
      ['read $f 10', 'ok'],
      ['pread $f 10 0', 'ok XYsIDE'],
      ['pread $f 10 100', 'ok'],
    ]);
    expect(await readFile(path.join(sb.root, 'file.txt'), 'utf8')).toBe('XYsIDE');
  });

  it('fd_seek honours set/cur/end and rejects a bad whence or a negative result with EINVAL', async () => {
    await expectScript(preopens(), [
      ['open 3 file.txt >$f', 'ok'],
      ['seek $f 2 set', 'ok 2'],
      ['seek $f 1 cur', 'ok 3'],
      ['seek $f -2 end', 'ok 4'],
      ['read $f 10', 'ok de'],
      ['seek $f 0 3', 'EINVAL'],
      ['seek $f -100 cur', 'EINVAL'],
      ['tell $f', 'ok 6'],
      ['seek $f 10 set', 'ok 10'],
    ]);
  });

  it('fd_seek on a directory fd is EBADF (WASI testsuite directory_seek); reads and writes fail too', async () => {
    const notAFile = ['EISDIR', 'EBADF', 'ENOTCAPABLE']; // dir_fd_op_failures
    await expectScript(preopens(), [
      ['open 3 sub directory >$d', 'ok'],
      ['seek $d 0 cur', 'EBADF'],
      ['seek 3 0 set', 'EBADF'],
      ['read $d 4', notAFile],
      ['pread $d 4 0', notAFile],
      ['write $d x', notAFile],
      ['tell $d', notAFile],
      ['setsize $d 0', [...notAFile, 'EINVAL']],
    ]);
  });

  it('fd_seek on stdout (a stream) fails with ESPIPE (or ENOTCAPABLE: stdio lacks the seek right)', async () => {
    await expectScript(preopens(), [['seek 1 0 cur', ['ESPIPE', 'ENOTCAPABLE']]]);
  });

  it('O_APPEND from path_open: fdstat shows it and writes land at the end whatever the offset', async () => {
    await expectScript(preopens(), [
      ['open 3 file.txt append >$f', 'ok'],
      ['fdstat $f', /^ok type=4 flags=1 /],
      ['seek $f 0 set', 'ok 0'],
      ['write $f !', 'ok 1'],
      ['pread $f 10 0', 'ok inside!'],
    ]);
  });

  it('fd_fdstat_set_flags turns append on for an fd opened without it', async () => {
    await expectScript(preopens(), [
      ['open 3 file.txt >$f', 'ok'],
      ['setflags $f 1', 'ok'],
      ['fdstat $f', /^ok type=4 flags=1 /],
      ['write $f !', 'ok 1'],
      ['pread $f 10 0', 'ok inside!'],
    ]);
  });

  it('fd_fdstat_set_flags turns append off: writes go back to the offset', async () => {
    await expectScript(preopens(), [
      ['open 3 file.txt append >$f', 'ok'],
      ['setflags $f 0', 'ok'],
      ['fdstat $f', /^ok type=4 flags=0 /],
      ['seek $f 0 set', 'ok 0'],
      ['write $f I', 'ok 1'],
      ['pread $f 10 0', 'ok Inside'],
    ]);
  });

  it('fd_filestat_get, fd_filestat_set_size and fd_filestat_set_times change the real file', async () => {
    await expectScript(preopens(), [
      ['open 3 file.txt >$f', 'ok'],
      ['filestat $f', 'ok type=4 nlink=1 size=6'],
      ['setsize $f 2', 'ok'],
      ['filestat $f', 'ok type=4 nlink=1 size=2'],
      ['setsize $f 8', 'ok'],
      ['pread $f 10 0', 'ok in\0\0\0\0\0\0'],
      ['settimes $f 1000000000 2000000000', 'ok'],
      ['filestat $f times', 'ok type=4 nlink=1 size=8 atim=1000000000 mtim=2000000000'],
      // atim with atim_now (or mtim with mtim_now) is a contradiction the spec rejects.
      ['settimes $f 1 1 fst=3', 'EINVAL'],
      ['settimes $f 1 1 fst=12', 'EINVAL'],
      ['pathsettimes 3 file.txt 1 1 fst=3', 'EINVAL'],
      ['filestat 3', /^ok type=3 /],
    ]);
    const host = await stat(path.join(sb.root, 'file.txt'));
    expect(host.size).toBe(8);
    expect(host.mtimeMs).toBe(2000);
  });

  it('path_filestat_set_times sets explicit times and "now"', async () => {
    const before = Date.now();
    await expectScript(preopens(), [
      ['pathsettimes 3 file.txt 3000000000 4000000000', 'ok'],
      ['stat 3 file.txt times', 'ok type=4 nlink=1 size=6 atim=3000000000 mtim=4000000000'],
      ['pathsettimes 3 sub/inner.txt 0 0 now', 'ok'],
    ]);
    expect((await stat(path.join(sb.root, 'file.txt'))).mtimeMs).toBe(4000);
    expect((await stat(path.join(sb.root, 'sub/inner.txt'))).mtimeMs).toBeGreaterThanOrEqual(before - 1000);
  });

  it('fd_advise, fd_sync, fd_datasync succeed on a file; an unknown advice is EINVAL', async () => {
    await expectScript(preopens(), [
      ['open 3 file.txt >$f', 'ok'],
      ['advise $f 0', 'ok'],
      ['advise $f 5', 'ok'],
      ['advise $f 9', 'EINVAL'],
      ['sync $f', 'ok'],
      ['datasync $f', 'ok'],
    ]);
  });

  it('fd_allocate grows the file or is not supported (wasmtime: ENOTSUP), never shrinks it', async () => {
    const [, line] = await expectScript(preopens(), [
      ['open 3 file.txt >$f', 'ok'],
      ['allocate $f 0 100', ['ok', 'ENOTSUP']],
      ['allocate $f 0 2', ['ok', 'ENOTSUP']],
    ]);
    const size = (await stat(path.join(sb.root, 'file.txt'))).size;
    expect(size).toBe(line === 'ok' ? 100 : 6);
  });

  it('writing a descriptor opened for reading only is EBADF (wasmtime, POSIX); seeking it is fine', async () => {
    await expectScript(preopens(), [
      ['open 3 file.txt rights=0x2 >$f', 'ok'],
      ['read $f 3', 'ok ins'],
      ['write $f x', 'EBADF'],
      ['pwrite $f x 0', 'EBADF'],
      ['seek $f 0 set', 'ok 0'],
    ]);
    expect(await readFile(path.join(sb.root, 'file.txt'), 'utf8')).toBe('inside');
  });
});
