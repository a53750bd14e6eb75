import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectAbsent, expectLines, OK_INSIDE, READONLY, type EscapeCase } from '../helpers/escape-case.js';
import { buildProbes } from '../helpers/probes.js';
import { named, runGuest } from '../helpers/run-guest.js';
import { makeSandbox, type SandboxLayout } from '../helpers/sandbox-layout.js';

// Every write-like call on a read-only preopen, directly and through fds opened from it; after
// each run the whole root must be byte-for-byte, mtime-for-mtime what it was.
const READ_RIGHTS = '0x246026'; // fd_read, fd_seek, fd_tell, path_open, fd_readdir, path_filestat_get, fd_filestat_get
const readonlyCases: EscapeCase[] = [
  { name: 'create a file', ops: ['open 3 new.txt creat'], expect: [READONLY], absent: ['root/new.txt'] },
  { name: 'truncate a file on open', ops: ['open 3 file.txt trunc'], expect: [READONLY] },
  { name: 'mkdir', ops: ['mkdir 3 made'], expect: [READONLY], absent: ['root/made'] },
  { name: 'rename', ops: ['rename 3 file.txt 3 moved.txt'], expect: [READONLY], absent: ['root/moved.txt'] },
  { name: 'unlink', ops: ['unlink 3 file.txt'], expect: [READONLY] },
  { name: 'rmdir', ops: ['rmdir 3 empty'], expect: [READONLY] },
  { name: 'path set-times', ops: ['pathsettimes 3 file.txt 1 1'], expect: [READONLY] },
  { name: 'symlink', ops: ['symlink file.txt 3 link'], expect: [READONLY], absent: ['root/link'] },
  { name: 'link', ops: ['link 3 file.txt 3 hard'], expect: [READONLY], absent: ['root/hard'] },
  {
    name: 'write, set-size and set-times through a file fd opened from it',
    ops: [`open 3 file.txt rights=${READ_RIGHTS} >$f`, 'read $f 64', 'write $f x', 'pwrite $f x 0', 'setsize $f 0', 'settimes $f 1 1', 'allocate $f 0 100'],
    expect: ['ok', OK_INSIDE, [...READONLY, 'EBADF'], [...READONLY, 'EBADF'], [...READONLY, 'EBADF'], [...READONLY, 'EBADF'], [...READONLY, 'EBADF', 'ENOTSUP']],
  },
  {
    // wasmtime ignores fd_fdstat_set_rights (ok); a rights-based host refuses the growth; the
    // preview1 adapter inside a component has no rights to set (ENOTSUP).
    name: 'growing the preopen\'s rights back does not make it writable',
    ops: ['setrights 3 0x3fffffff 0x3fffffff', 'open 3 new.txt creat', 'mkdir 3 made'],
    expect: [['ENOTCAPABLE', 'ok', 'ENOTSUP'], READONLY, READONLY],
    absent: ['root/new.txt', 'root/made'],
  },
  {
    name: 'asking path_open for write rights or append yields no way to write',
    ops: ['open 3 file.txt rights=0x400040 >$w', 'write $w x', 'setsize $w 0', 'open 3 file.txt append >$a', 'write $a x'],
    expect: [['ok', ...READONLY], [...READONLY, 'EBADF'], [...READONLY, 'EBADF'], ['ok', ...READONLY], [...READONLY, 'EBADF']],
  },
  {
    name: 'creates and removals through a read-rights directory fd opened from it',
    ops: [`open 3 sub directory rights=${READ_RIGHTS} >$d`, 'open $d inner.txt trunc', 'open $d new.txt creat', 'mkdir $d made', 'unlink $d inner.txt', 'rename $d inner.txt 3 moved.txt'],
    expect: ['ok', READONLY, READONLY, READONLY, READONLY, READONLY],
    absent: ['root/sub/new.txt', 'root/sub/made', 'root/moved.txt'],
  },
  {
    // The default (inherited) rights may already lack create rights, or the open may be refused.
    name: 'creates and removals through a directory fd opened with its default rights',
    ops: ['open 3 sub directory >$d', 'open $d inner.txt trunc', 'open $d new.txt creat', 'mkdir $d made', 'unlink $d inner.txt', 'symlink inner.txt $d l'],
    expect: [['ok', ...READONLY], [...READONLY, 'EBADF'], [...READONLY, 'EBADF'], [...READONLY, 'EBADF'], [...READONLY, 'EBADF'], [...READONLY, 'EBADF']],
    absent: ['root/sub/new.txt', 'root/sub/made', 'root/sub/l'],
  },
];

// Two preopens: /sb read-write (fd 3) and /ro read-only (fd 4) over root/sub.
const crossCases: EscapeCase[] = [
  {
    name: 'rename out of a read-only preopen into a writable one',
    ops: ['rename 4 inner.txt 3 stolen.txt'],
    expect: [READONLY],
    absent: ['root/stolen.txt'],
  },
  {
    name: 'rename from a writable preopen into a read-only one',
    ops: ['rename 3 file.txt 4 planted.txt'],
    expect: [READONLY],
    absent: ['root/sub/planted.txt'],
  },
  {
    // A hard link in the writable dir would make the read-only file writable.
    name: 'hard-link a read-only file into a writable preopen',
    ops: ['link 4 inner.txt 3 writable.txt', 'open 3 writable.txt >$f', 'write $f changed'],
    expect: [READONLY, 'ENOENT', 'EBADF'],
    absent: ['root/writable.txt'],
  },
];

describe('a read-only preopen refuses every change', () => {
  let sandbox: SandboxLayout;
  beforeAll(() => buildProbes().then(() => undefined));
  beforeEach(async () => {
    sandbox = await makeSandbox();
  });
  afterEach(() => sandbox.remove());

  it.each(named(readonlyCases))('read-only: %s', async (_, c) => {
    const before = await sandbox.snapshotRoot();
    const { stdout } = await runGuest({ module: 'syscall-script', args: c.ops, preopens: { '/sb': { path: sandbox.root, readonly: true } } });
    expectLines(stdout, c.expect, c.ops);
    expect(await sandbox.snapshotRoot(), 'the read-only root changed').toEqual(before);
    await expectAbsent(sandbox.base, c.absent);
  });

  it.each(named(crossCases))('read-only next to read-write: %s', async (_, c) => {
    const before = await sandbox.snapshotRoot();
    const preopens = { '/sb': sandbox.root, '/ro': { path: path.join(sandbox.root, 'sub'), readonly: true } };
    const { stdout } = await runGuest({ module: 'syscall-script', args: c.ops, preopens });
    expectLines(stdout, c.expect, c.ops);
    expect(await sandbox.snapshotRoot(), 'a file changed').toEqual(before);
    await expectAbsent(sandbox.base, c.absent);
  });
});
