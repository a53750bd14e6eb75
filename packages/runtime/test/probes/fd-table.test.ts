import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildProbes } from '../helpers/probes.js';
import { makeSandbox, type SandboxLayout } from '../helpers/sandbox-layout.js';
import { expectScript } from '../helpers/syscall-script.js';

const FD_READ = 0x2;
const FD_SEEK = 0x4;
const FD_TELL = 0x20;
const FD_WRITE = 0x40;

describe('the fd table: fdstat, rights, renumber, close, prestat', () => {
  let sb: SandboxLayout;
  beforeAll(() => buildProbes().then(() => undefined));
  beforeEach(async () => {
    sb = await makeSandbox();
  });
  afterEach(() => sb.remove());

  it('fd_fdstat_get reports filetypes: directory 3 for the preopen, regular file 4', async () => {
    await expectScript({ '/sb': sb.root }, [
      ['fdstat 3', /^ok type=3 flags=0 /],
      ['open 3 file.txt >$f', 'ok'],
      ['fdstat $f', /^ok type=4 flags=0 /],
      ['fdstat 99', 'EBADF'],
    ]);
  });

  it('a preopen carries the rights userland expects, and reopens itself (WASI testsuite path_open_preopen)', async () => {
    const bit = (...bits: number[]) => bits.reduce((mask, b) => mask | 2 ** b, 0);
    // path_create_directory … path_unlink_file, fd_readdir, path/fd filestat get and set_times.
    const directory = bit(9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 20, 21, 23, 24, 25, 26);
    // …plus fd_datasync, read, seek, fdstat_set_flags, sync, tell, write, advise, allocate,
    // filestat_set_size and poll_fd_readwrite for the files opened beneath it.
    const inheriting = directory | bit(0, 1, 2, 3, 4, 5, 6, 7, 8, 22, 27);
    const [line] = await expectScript({ '/sb': sb.root }, [
      ['fdstat 3', /^ok type=3 flags=0 base=0x[0-9a-f]+ inheriting=0x[0-9a-f]+$/],
      ['open 3 . rights=0 >$a', 'ok'],
      ['open 3 . directory rights=0 >$b', 'ok'],
      ['open 3 . directory rights=0x2 >$c', 'ok'],
      ['open 3 . directory rights=0x42', 'EISDIR'],
    ]);
    const [, base, inherit] = /base=0x([0-9a-f]+) inheriting=0x([0-9a-f]+)/.exec(line!)!;
    expect((parseInt(base!, 16) & directory) >>> 0, 'missing base rights').toBe(directory);
    expect((parseInt(inherit!, 16) & inheriting) >>> 0, 'missing inheriting rights').toBe(inheriting);
  });

  it('fd_fdstat_set_rights is ENOTSUP, as in wasmtime: rights are reported, never changed or enforced', async () => {
    const both = `0x${(FD_READ | FD_SEEK | FD_TELL | FD_WRITE).toString(16)}`;
    await expectScript({ '/sb': sb.root }, [
      [`open 3 file.txt rights=${both} >$f`, 'ok'],
      [`setrights $f 0x${FD_READ.toString(16)} 0`, 'ENOTSUP'],
      ['setrights 99 0 0', 'EBADF'],
      ['read $f 2', 'ok in'],
      ['seek $f 0 set', 'ok 0'],
      ['write $f x', 'ok 1'],
    ]);
  });

  it('a file reports the rights of its access mode (wasmtime): opened for reading, no fd_write', async () => {
    const [, line] = await expectScript({ '/sb': sb.root }, [
      [`open 3 file.txt rights=0x${FD_READ.toString(16)} >$f`, 'ok'],
      ['fdstat $f', /^ok type=4 /],
    ]);
    const [, base, inheriting] = /base=0x([0-9a-f]+) inheriting=0x([0-9a-f]+)/.exec(line!)!;
    expect(parseInt(base!, 16) & (FD_READ | FD_SEEK | FD_WRITE)).toBe(FD_READ | FD_SEEK);
    expect(inheriting).toBe(base);
  });

  it('a directory opened with no rights still opens, reads and creates files beneath it (wasmtime\'s test programs open their scratch directory so)', async () => {
    await expectScript({ '/sb': sb.root }, [
      ['open 3 sub directory rights=0 >$d', 'ok'],
      ['open $d inner.txt rights=0 >$f', 'ok'],
      ['read $f 5', 'ok inner'],
      ['open $d made.txt creat rights=0 >$n', 'ok'],
      ['write $n x', 'ok 1'],
      ['mkdir $d made', 'ok'],
    ]);
  });

  it('fd_renumber moves an fd onto another open fd, closing the source', async () => {
    await expectScript({ '/sb': sb.root }, [
      ['open 3 file.txt >$a', 'ok'],
      ['open 3 sub/inner.txt >$b', 'ok'],
      ['renumber $a $b', 'ok'],
      ['read $b 6', 'ok inside'],
      ['read $a 6', 'EBADF'],
      ['renumber $b 99', 'EBADF'],
      ['renumber 99 $b', 'EBADF'],
    ]);
  });

  it('fd_close closes once: the fd is then EBADF for every call', async () => {
    await expectScript({ '/sb': sb.root }, [
      ['open 3 file.txt >$f', 'ok'],
      ['close $f', 'ok'],
      ['read $f 1', 'EBADF'],
      ['close $f', 'EBADF'],
      ['fdstat $f', 'EBADF'],
      ['close 99', 'EBADF'],
    ]);
  });

  it('a preopen can be closed (as in wasmtime); its number then holds no preopen', async () => {
    await expectScript({ '/sb': sb.root, '/two': sb.outside }, [
      ['close 3', 'ok'],
      ['prestat 3', 'EBADF'],
      ['open 3 file.txt', 'EBADF'],
      ['fdstat 4', /^ok type=3 /],
      ['open 4 secret.txt >$f', 'ok'],
      ['prestat $f', 'EBADF'],
    ]);
  });

  it('fd_prestat_get/fd_prestat_dir_name describe each preopen; other fds are EBADF', async () => {
    await expectScript({ '/sb': sb.root, '/other/dir': sb.outside }, [
      ['prestat 3', 'ok tag=0 len=3'],
      ['prestatname 3 3', 'ok /sb'],
      ['prestat 4', 'ok tag=0 len=10'],
      ['prestatname 4 10', 'ok /other/dir'],
      ['prestat 5', 'EBADF'],
      ['prestat 1', 'EBADF'],
      // A buffer shorter than the name: ENAMETOOLONG or EINVAL (WASI testsuite dir_fd_op_failures).
      ['prestatname 4 2', ['ENAMETOOLONG', 'EINVAL']],
      // A longer one is fine, and the bytes past the name are left alone.
      ['prestatname 3 6', 'ok /sb\0\0\0'],
    ]);
  });
});
