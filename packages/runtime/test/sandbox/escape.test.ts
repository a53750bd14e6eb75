import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectAbsent, expectLines, OK_INSIDE, REFUSED, type EscapeCase } from '../helpers/escape-case.js';
import { buildProbes } from '../helpers/probes.js';
import { named, runGuest } from '../helpers/run-guest.js';
import { makeSandbox, type SandboxLayout } from '../helpers/sandbox-layout.js';

// Each case runs raw preview1 calls against a preopen `/sb` (fd 3) inside a real temp dir and
// checks the errno of every call, then that nothing outside the root was read or changed.
const cases: EscapeCase[] = [
  {
    name: '`..` above the root: open, mkdir and stat are refused',
    ops: ['open 3 ../outside.txt', 'open 3 .. directory', 'mkdir 3 ../made', 'stat 3 ..', 'stat 3 ../outside.txt', 'readlink 3 ../outside.txt'],
    expect: [REFUSED, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED],
    absent: ['made'],
  },
  {
    name: '`a/../../x` climbs out even though it starts inside; `a/../x` stays in',
    ops: ['open 3 sub/../../outside.txt', 'open 3 sub/../file.txt >$f', 'read $f 64', 'open 3 sub/../../root/file.txt'],
    expect: [REFUSED, 'ok', OK_INSIDE, REFUSED],
  },
  {
    name: 'absolute paths are refused (guest-absolute and host-absolute)',
    ops: ['open 3 /etc/hostname', 'open 3 $base/outside.txt', 'mkdir 3 /tmp/wasi-kit-made', 'stat 3 /'],
    expect: [REFUSED, REFUSED, REFUSED, REFUSED],
  },
  {
    name: 'a symlink to /etc as the last component is not followed out',
    links: [['/etc/hostname', 'hostlink'], ['$base/outside.txt', 'abslink']],
    ops: ['open 3 hostlink', 'open 3 abslink', 'open 3 abslink trunc', 'stat 3 abslink', 'stat 3 hostlink nofollow', 'pathsettimes 3 abslink 1 1'],
    expect: [REFUSED, REFUSED, REFUSED, REFUSED, 'ok type=7 nlink=1 size=13', REFUSED],
  },
  {
    name: 'a symlink in a middle component (etclink/hostname) is not followed out',
    links: [['/etc', 'etclink'], ['$base/outside', 'outlink']],
    ops: [
      'open 3 etclink/hostname',
      'open 3 outlink/secret.txt',
      'open 3 outlink/new.txt creat',
      'mkdir 3 outlink/made',
      'unlink 3 outlink/secret.txt',
      'stat 3 etclink/hostname',
      'symlink x 3 outlink/newlink',
      'pathsettimes 3 outlink/secret.txt 1 1',
      'readlink 3 outlink/secret.txt',
      'open 3 outlink directory nofollow',
    ],
    expect: [REFUSED, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED, ['ELOOP', 'ENOTDIR', ...REFUSED]],
    absent: ['outside/new.txt', 'outside/made', 'outside/newlink'],
  },
  {
    name: 'a symlink to `..` is not followed, not even to come back into the root',
    links: [['..', 'up']],
    ops: ['open 3 up/outside.txt', 'open 3 up/root/file.txt', 'open 3 up/created.txt creat', 'stat 3 up', 'stat 3 up nofollow'],
    expect: [REFUSED, REFUSED, REFUSED, REFUSED, 'ok type=7 nlink=1 size=2'],
    absent: ['created.txt'],
  },
  {
    name: 'a relative symlink chain that escapes on the second hop is refused',
    links: [['sub/hop', 'first'], ['../../outside', 'sub/hop'], ['sub/back', 'inward'], ['../file.txt', 'sub/back']],
    ops: ['open 3 first/secret.txt', 'open 3 first directory', 'open 3 inward >$f', 'read $f 64'],
    expect: [REFUSED, REFUSED, 'ok', OK_INSIDE],
  },
  {
    name: '`..` after a symlink to `.` climbs from the link target, out of the root',
    links: [['.', 'self'], ['sub/../../outside.txt', 'mid']],
    ops: ['open 3 self/self/file.txt >$f', 'read $f 64', 'open 3 self/../outside.txt', 'open 3 mid', 'stat 3 self/..'],
    expect: ['ok', OK_INSIDE, REFUSED, REFUSED, REFUSED],
  },
  {
    // lookupflags only govern the last component: middle symlinks are always followed, and checked.
    name: 'nofollow does not let a middle symlink through',
    links: [['$base/outside', 'outlink'], ['/etc', 'etclink']],
    ops: ['stat 3 outlink/secret.txt nofollow', 'open 3 etclink/hostname nofollow', 'stat 3 outlink/ nofollow', 'open 3 outlink/ directory'],
    expect: [REFUSED, REFUSED, REFUSED, REFUSED],
  },
  {
    // wasmtime: a path with a NUL byte is EINVAL on unix; it must not be cut at the NUL either.
    name: 'a NUL byte in a path is refused, not truncated',
    ops: ['open 3 file.txt\\0../../outside.txt', 'mkdir 3 made\\0', 'stat 3 file.txt\\0'],
    expect: [['EINVAL', 'EILSEQ', ...REFUSED], ['EINVAL', 'EILSEQ', ...REFUSED], ['EINVAL', 'EILSEQ', ...REFUSED]],
    absent: ['root/made'],
  },
  {
    name: 'O_CREAT through a dangling symlink does not create its outside target',
    links: [['../created-through-dangling', 'dangle'], ['$base/created-abs', 'adangle']],
    ops: ['open 3 dangle creat', 'open 3 adangle creat', 'open 3 dangle creat excl', 'mkdir 3 dangle'],
    expect: [REFUSED, REFUSED, ['EEXIST', ...REFUSED], 'EEXIST'],
    absent: ['created-through-dangling', 'created-abs'],
  },
  {
    name: 'rename over, and unlink of, a symlink to outside act on the link, never its target',
    links: [['$base/outside.txt', 'abslink'], ['$base/outside', 'outlink']],
    ops: ['rename 3 sub/inner.txt 3 abslink', 'open 3 abslink >$f', 'read $f 64', 'unlink 3 outlink', 'stat 3 outlink nofollow'],
    expect: ['ok', 'ok', 'ok inner', 'ok', 'ENOENT'],
  },
  {
    name: 'an absolute symlink is refused even when it points back inside the root',
    links: [['$base/root/file.txt', 'selfabs'], ['$base/root/sub', 'subabs']],
    ops: ['open 3 selfabs', 'open 3 subabs/inner.txt', 'stat 3 selfabs'],
    expect: [REFUSED, REFUSED, REFUSED],
  },
  {
    name: 'a preopen moved by fd_renumber keeps its root',
    ops: ['open 3 file.txt >$f', 'renumber 3 $f', 'open 3 file.txt', 'open $f ../outside.txt', 'open $f sub/../../outside.txt', 'open $f file.txt >$g', 'read $g 64'],
    expect: ['ok', 'ok', 'EBADF', REFUSED, REFUSED, 'ok', OK_INSIDE],
  },
  {
    name: 'a preopen granted through a host symlink still confines `..` and symlinks to its target',
    viaSymlinkedRoot: true,
    links: [['../outside', 'outlink']],
    ops: ['open 3 file.txt >$f', 'read $f 64', 'open 3 ../outside.txt', 'open 3 ../rootlink/file.txt', 'open 3 outlink/secret.txt'],
    expect: ['ok', OK_INSIDE, REFUSED, REFUSED, REFUSED],
  },
  {
    name: 'symlink loops end in ELOOP',
    links: [['loop', 'loop'], ['ping', 'pong'], ['pong', 'ping']],
    ops: ['open 3 loop', 'open 3 ping/x', 'stat 3 pong'],
    expect: ['ELOOP', 'ELOOP', 'ELOOP'],
  },
  {
    name: 'path_symlink refuses absolute targets',
    ops: ['symlink /etc 3 made-abs', 'symlink $base/outside.txt 3 made-host', 'open 3 made-abs/hostname', 'open 3 made-host'],
    expect: [REFUSED, REFUSED, ['ENOENT', ...REFUSED], ['ENOENT', ...REFUSED]],
    absent: ['root/made-abs', 'root/made-host'],
  },
  {
    name: 'a guest-made `../../outside` symlink cannot be opened through',
    ops: ['symlink ../../outside 3 sub/esc', 'open 3 sub/esc/secret.txt >$f', 'read $f 64', 'open 3 sub/esc/new.txt creat'],
    expect: [['ok', ...REFUSED], ['ENOENT', ...REFUSED], 'EBADF', ['ENOENT', ...REFUSED]],
    absent: ['outside/new.txt'],
  },
  {
    name: 'path_link cannot hard-link the outside file a symlink points to',
    links: [['../outside.txt', 'toout']],
    ops: ['link 3 toout 3 hard follow', 'open 3 hard >$f', 'read $f 64', 'link 3 toout 3 hard2', 'open 3 hard2'],
    // SYMLINK_FOLLOW in path_link is rejected (wasmtime: EINVAL; WASI testsuite: EINVAL or
    // ENOENT); linking the symlink itself is allowed.
    expect: [['EINVAL', 'ENOENT', ...REFUSED], ['ENOENT', ...REFUSED], 'EBADF', ['ok', ...REFUSED], ['ENOENT', ...REFUSED]],
  },
  {
    name: 'path_link cannot link into or out of `..`',
    links: [['$base/outside', 'outlink']],
    ops: ['link 3 file.txt 3 ../stolen', 'link 3 ../outside.txt 3 mine', 'link 3 outlink/secret.txt 3 mine2', 'link 3 file.txt 3 outlink/stolen'],
    expect: [REFUSED, REFUSED, REFUSED, REFUSED],
    absent: ['stolen', 'root/mine', 'root/mine2', 'outside/stolen'],
  },
  {
    name: 'path_rename cannot move entries into or out of `..`',
    links: [['$base/outside', 'outlink']],
    ops: ['rename 3 file.txt 3 ../moved', 'rename 3 ../outside.txt 3 got', 'rename 3 sub 3 outlink/sub', 'rename 3 outlink/secret.txt 3 got2', 'open 3 file.txt >$f', 'read $f 64'],
    expect: [REFUSED, REFUSED, REFUSED, REFUSED, 'ok', OK_INSIDE],
    absent: ['moved', 'root/got', 'root/got2', 'outside/sub'],
  },
  {
    name: 'unlink and rmdir cannot reach outside entries',
    links: [['$base/outside', 'outlink']],
    ops: ['unlink 3 ../outside.txt', 'rmdir 3 ../outside', 'unlink 3 outlink/secret.txt', 'rmdir 3 ..'],
    expect: [REFUSED, REFUSED, REFUSED, REFUSED],
  },
  {
    name: 'a directory fd opened under the preopen is its own root: it cannot climb either',
    links: [['../file.txt', 'sub/back']],
    ops: ['open 3 sub directory >$d', 'open $d inner.txt >$f', 'read $f 64', 'open $d ../file.txt', 'open $d ../../outside.txt', 'mkdir $d ../made', 'stat $d ..', 'open $d back', 'rename $d inner.txt 3 ../moved'],
    expect: ['ok', 'ok', 'ok inner', REFUSED, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED],
    absent: ['made', 'moved', 'root/made'],
  },
];

describe('sandbox escapes are refused with the right errno and leave the host untouched', () => {
  let sandbox: SandboxLayout;
  beforeAll(() => buildProbes().then(() => undefined));
  beforeEach(async () => {
    sandbox = await makeSandbox();
  });
  afterEach(() => sandbox.remove());

  it.each(named(cases))('%s', async (_, c) => {
    for (const [target, at] of c.links ?? []) await sandbox.link(target.replace('$base', sandbox.base), at);
    const rootlink = path.join(sandbox.base, 'rootlink');
    if (c.viaSymlinkedRoot) await symlink('root', rootlink);
    const before = await sandbox.snapshotOutside();
    const ops = c.ops.map((op) => op.replaceAll('$base', sandbox.base));

    const { stdout } = await runGuest({ module: 'syscall-script', args: ops, preopens: { '/sb': c.viaSymlinkedRoot ? rootlink : sandbox.root } });

    expectLines(stdout, c.expect, ops);
    for (const canary of sandbox.canaries) expect(stdout, 'guest output holds an outside canary').not.toContain(canary);
    expect(await sandbox.snapshotOutside(), 'host entries outside the root changed').toEqual(before);
    await expectAbsent(sandbox.base, c.absent);
  });
});
