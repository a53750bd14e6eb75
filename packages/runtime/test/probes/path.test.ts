import { lstat, readFile, readlink, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildProbes } from '../helpers/probes.js';
import { makeSandbox, type SandboxLayout } from '../helpers/sandbox-layout.js';
import { expectScript } from '../helpers/syscall-script.js';

// Errnos follow wasmtime's preview1 test programs (path_open_*, path_rename, path_link,
// remove_nonempty_directory, unlink_file_trailing_slashes, nofollow_errors, symlink_*).
describe('path_* calls inside a preopen, with their errno cases', () => {
  let sb: SandboxLayout;
  beforeAll(() => buildProbes().then(() => undefined));
  beforeEach(async () => {
    sb = await makeSandbox();
  });
  afterEach(() => sb.remove());
  const preopens = () => ({ '/sb': sb.root });
  const host = (rel: string) => path.join(sb.root, rel);

  it('path_open: creat makes a file, creat|excl on it is EEXIST, trunc empties, missing is ENOENT', async () => {
    await expectScript(preopens(), [
      ['open 3 new.txt creat >$n', 'ok'],
      ['write $n fresh', 'ok 5'],
      ['open 3 new.txt creat excl', 'EEXIST'],
      ['open 3 file.txt trunc >$t', 'ok'],
      ['filestat $t', 'ok type=4 nlink=1 size=0'],
      ['open 3 missing.txt', 'ENOENT'],
      ['open 3 missing/inner.txt creat', 'ENOENT'],
    ]);
    expect(await readFile(host('new.txt'), 'utf8')).toBe('fresh');
    expect((await stat(host('file.txt'))).size).toBe(0);
  });

  it('path_open: O_DIRECTORY on a file is ENOTDIR; a trailing slash on a file is ENOTDIR or ENOENT', async () => {
    await expectScript(preopens(), [
      ['open 3 file.txt directory', 'ENOTDIR'],
      ['open 3 sub directory >$d', 'ok'],
      ['open 3 file.txt/', ['ENOTDIR', 'ENOENT']],
      ['open 3 sub/ rights=0x2', 'ok'],
      ['open 3 sub/./../sub//inner.txt', 'ok'],
    ]);
  });

  it('path_open with nofollow on a symlink is ELOOP; with follow it opens the target', async () => {
    await sb.link('file.txt', 'link');
    await expectScript(preopens(), [
      ['open 3 link nofollow', 'ELOOP'],
      ['open 3 link >$f', 'ok'],
      ['read $f 6', 'ok inside'],
    ]);
  });

  it('path_create_directory makes a real directory; an existing name is EEXIST', async () => {
    await expectScript(preopens(), [
      ['mkdir 3 made', 'ok'],
      ['mkdir 3 made/deeper', 'ok'],
      ['mkdir 3 made', 'EEXIST'],
      ['mkdir 3 file.txt', 'EEXIST'],
      ['mkdir 3 nowhere/deeper', 'ENOENT'],
    ]);
    expect((await stat(host('made/deeper'))).isDirectory()).toBe(true);
  });

  it('path_remove_directory: non-empty is ENOTEMPTY, a file is ENOTDIR, missing is ENOENT', async () => {
    await expectScript(preopens(), [
      ['rmdir 3 sub', 'ENOTEMPTY'],
      ['rmdir 3 file.txt', 'ENOTDIR'],
      ['rmdir 3 missing', 'ENOENT'],
      ['rmdir 3 empty', 'ok'],
    ]);
    await expect(lstat(host('empty'))).rejects.toThrow();
    expect((await stat(host('sub'))).isDirectory()).toBe(true);
  });

  it('path_unlink_file: a directory is EISDIR, a trailing slash on a file ENOTDIR, missing ENOENT', async () => {
    await expectScript(preopens(), [
      ['unlink 3 sub', 'EISDIR'],
      ['unlink 3 file.txt/', 'ENOTDIR'],
      ['unlink 3 missing', 'ENOENT'],
      ['unlink 3 file.txt', 'ok'],
    ]);
    await expect(lstat(host('file.txt'))).rejects.toThrow();
  });

  it('path_rename: files and dirs move; onto a non-empty dir ENOTEMPTY, dir onto file ENOTDIR, file onto dir EISDIR', async () => {
    await expectScript(preopens(), [
      ['rename 3 file.txt 3 moved.txt', 'ok'],
      ['open 3 file.txt', 'ENOENT'],
      ['rename 3 empty 3 sub', 'ENOTEMPTY'],
      ['rename 3 empty 3 moved.txt', 'ENOTDIR'],
      ['rename 3 moved.txt 3 empty', 'EISDIR'],
      ['rename 3 missing 3 x', 'ENOENT'],
      ['open 3 sub directory >$d', 'ok'],
      ['rename 3 moved.txt $d back.txt', 'ok'],
    ]);
    expect(await readFile(host('sub/back.txt'), 'utf8')).toBe('inside');
  });

  it('path_symlink and path_readlink round-trip a relative target; readlink of a file is EINVAL', async () => {
    await expectScript(preopens(), [
      ['symlink sub/inner.txt 3 link', 'ok'],
      ['readlink 3 link', 'ok sub/inner.txt'],
      ['open 3 link >$f', 'ok'],
      ['read $f 5', 'ok inner'],
      ['symlink anything 3 link', 'EEXIST'],
      ['readlink 3 file.txt', 'EINVAL'],
      ['readlink 3 missing', 'ENOENT'],
      ['symlink dangling 3 dang', 'ok'],
      ['open 3 dang', 'ENOENT'],
    ]);
    expect(await readlink(host('link'))).toBe('sub/inner.txt');
  });

  it('dangling symlinks: opening without follow is ELOOP (ENOTDIR as a directory); path_link links the link itself', async () => {
    await expectScript(preopens(), [
      ['symlink nowhere 3 dang', 'ok'],
      ['open 3 dang nofollow', 'ELOOP'],
      ['open 3 dang directory nofollow', ['ENOTDIR', 'ELOOP']],
      ['open 3 dang', 'ENOENT'],
      ['link 3 dang 3 danglink', 'ok'],
      ['readlink 3 danglink', 'ok nowhere'],
      // Following symlinks in path_link is rejected (WASI testsuite path_link).
      ['link 3 dang 3 followed follow', ['EINVAL', 'ENOENT']],
    ]);
  });

  it('path_symlink with trailing slashes and existing names (WASI testsuite path_symlink_trailing_slashes)', async () => {
    await expectScript(preopens(), [
      ['symlink source 3 target/', 'ENOENT'],
      ['symlink source 3 empty/', 'EEXIST'],
      ['symlink source 3 empty', 'EEXIST'],
      ['symlink source 3 file.txt/', 'ENOTDIR'],
      ['symlink source 3 file.txt', 'EEXIST'],
    ]);
    await expect(lstat(host('target'))).rejects.toThrow();
  });

  it('path_link makes a hard link (nlink 2); existing names are EEXIST; a directory is refused', async () => {
    await expectScript(preopens(), [
      ['link 3 file.txt 3 hard', 'ok'],
      ['stat 3 hard', 'ok type=4 nlink=2 size=6'],
      ['link 3 file.txt 3 sub/inner.txt', 'EEXIST'],
      ['link 3 file.txt 3 file.txt', 'EEXIST'],
      ['link 3 file.txt 3 empty', 'EEXIST'],
      ['link 3 file.txt 3 newname/', 'ENOENT'],
      ['link 3 sub 3 subhard', ['EPERM', 'EACCES']],
      ['link 3 missing 3 x', 'ENOENT'],
    ]);
    expect((await stat(host('file.txt'))).nlink).toBe(2);
  });

  it('path_readlink into a too-small buffer truncates silently (wasmtime preview1_readlink)', async () => {
    await sb.link('sub/inner.txt', 'link');
    await expectScript(preopens(), [
      ['readlink 3 link 4', 'ok sub/'],
      ['readlink 3 link 13', 'ok sub/inner.txt'],
    ]);
  });

  it('path_open relative to a file fd is ENOTDIR; the other path calls and fd_readdir say EBADF, and so does stdio (wasmtime)', async () => {
    await expectScript(preopens(), [
      ['open 3 file.txt >$f', 'ok'],
      ['open $f anything', 'ENOTDIR'],
      ['open 1 anything', 'EBADF'],
      ['mkdir $f anything', 'EBADF'],
      ['stat $f anything', 'EBADF'],
      ['unlink 0 anything', 'EBADF'],
      ['rename $f a 3 b', 'EBADF'],
      ['readlink $f anything', 'EBADF'],
    ]);
  });

  it('trailing slashes: fine on directories, ENOTDIR (or ENOENT) on files for rename and rmdir', async () => {
    await expectScript(preopens(), [
      ['rename 3 empty/ 3 moved/', 'ok'],
      ['rename 3 moved 3 empty/', 'ok'],
      ['rename 3 file.txt/ 3 x', ['ENOTDIR', 'ENOENT']],
      ['rename 3 file.txt 3 y/', ['ENOTDIR', 'ENOENT']],
      ['rmdir 3 file.txt/', 'ENOTDIR'],
      ['rmdir 3 empty/', 'ok'],
    ]);
    expect(await readFile(host('file.txt'), 'utf8')).toBe('inside');
  });

  it('O_TRUNC truncates whatever rights the directory was opened with (wasmtime does not enforce rights)', async () => {
    // path_open | fd_read | path_filestat_get, no path_filestat_set_size (bit 19).
    await expectScript(preopens(), [
      ['open 3 sub directory rights=0x42002 >$d', 'ok'],
      ['open $d inner.txt trunc', 'ok'],
    ]);
    expect(await readFile(host('sub/inner.txt'), 'utf8')).toBe('');
  });

  it('path_filestat_set_times with nofollow sets the symlink\'s own times, not its target\'s', async () => {
    await sb.link('file.txt', 'link');
    const target = (await stat(host('file.txt'))).mtimeMs;
    await expectScript(preopens(), [
      ['pathsettimes 3 link 5000000000 6000000000 nofollow', 'ok'],
      ['stat 3 link nofollow times', 'ok type=7 nlink=1 size=8 atim=5000000000 mtim=6000000000'],
    ]);
    expect((await lstat(host('link'))).mtimeMs).toBe(6000);
    expect((await stat(host('file.txt'))).mtimeMs).toBe(target);
  });

  it('path_filestat_get follows symlinks unless told not to', async () => {
    await sb.link('file.txt', 'link');
    await expectScript(preopens(), [
      ['stat 3 link', 'ok type=4 nlink=1 size=6'],
      ['stat 3 link nofollow', 'ok type=7 nlink=1 size=8'],
      ['stat 3 sub', /^ok type=3 /],
      ['stat 3 missing', 'ENOENT'],
      ['stat 3 file.txt/x', 'ENOTDIR'],
    ]);
  });
});
