import { mkdir, mkdtemp, readdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unservedImports } from '../../src/component/host-imports.js';
import { Descriptor, OpenFds, openPreopens } from '../../src/component/wasi/filesystem.js';
import { IoError } from '../../src/component/wasi/io.js';
import { socketInterfaces } from '../../src/component/wasi/sockets.js';
import { errorCodeOf } from '../helpers/component.js';

// wasi:filesystem as a wasip2 guest's libc calls it directly (no adapter in between): the
// descriptor methods, with the error-codes a guest sees (jco passes a thrown string as `err`).


/** The error-code behind a stream's last-operation-failed, or 'ok'. */
function streamErrorOf(call: () => unknown): string {
  try {
    call();
    return 'ok';
  } catch (error) {
    const failure = error as { tag?: string; val?: IoError };
    if (failure.tag === 'last-operation-failed' && failure.val instanceof IoError) return failure.val.code;
    throw error;
  }
}

const READ = { read: true };
const WRITE = { read: true, write: true };

describe('wasi:filesystem descriptors over the path resolver', () => {
  let base: string;
  let root: string;
  let open: OpenFds;
  let dir: (readonly: boolean) => Descriptor;

  beforeEach(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'wasi-kit-p2fs-'));
    root = path.join(base, 'root');
    await mkdir(path.join(root, 'sub'), { recursive: true });
    await writeFile(path.join(root, 'file.txt'), 'inside');
    await writeFile(path.join(base, 'outside.txt'), 'OUTSIDE');
    await symlink('../outside.txt', path.join(root, 'out-link'));
    await symlink(path.join(base, 'outside.txt'), path.join(root, 'abs-link'));
    await symlink('file.txt', path.join(root, 'in-link'));
    open = new OpenFds();
    dir = (readonly) => openPreopens([{ guestPath: '/sb', hostPath: root, readonly }], open)[0]!.descriptor;
  });
  afterEach(async () => {
    open.closeAll();
    await rm(base, { recursive: true, force: true });
  });

  it('leaving the preopen is not-permitted: .., absolute paths, symlinks out (relative or absolute)', () => {
    const sb = dir(false);
    for (const guestPath of ['../outside.txt', 'sub/../../outside.txt', '/etc/hostname', 'out-link', 'abs-link']) {
      expect(errorCodeOf(() => sb.openAt({ symlinkFollow: true }, guestPath, {}, READ)), guestPath).toBe('not-permitted');
    }
    expect(errorCodeOf(() => sb.statAt({ symlinkFollow: true }, 'out-link'))).toBe('not-permitted');
    expect(sb.statAt({}, 'out-link').type).toBe('symbolic-link');
    expect(errorCodeOf(() => sb.symlinkAt('/etc/passwd', 'new-link'))).toBe('not-permitted');
    expect(errorCodeOf(() => sb.linkAt({ symlinkFollow: true }, 'out-link', sb, 'hard'))).toBe('invalid');
  });

  it('reads and writes through streams and positional calls, and lists entries without . and ..', () => {
    const sb = dir(false);
    const created = sb.openAt({}, 'new.txt', { create: true, exclusive: true }, WRITE);
    created.writeViaStream(0n).blockingWriteAndFlush(new TextEncoder().encode('hello'));
    created.appendViaStream().blockingWriteAndFlush(new TextEncoder().encode(' world'));
    expect(new TextDecoder().decode(created.readViaStream(6n).blockingRead(100n))).toBe('world');
    expect(created.read(5n, 0n)).toEqual([new TextEncoder().encode('hello'), false]);
    expect(created.read(5n, 100n)[1]).toBe(true);
    expect(errorCodeOf(() => sb.openAt({}, 'new.txt', { create: true, exclusive: true }, WRITE))).toBe('exist');
    const names: string[] = [];
    const entries = sb.readDirectory();
    for (let entry = entries.readDirectoryEntry(); entry !== undefined; entry = entries.readDirectoryEntry()) names.push(`${entry.type} ${entry.name}`);
    expect(names.sort()).toEqual(['regular-file file.txt', 'regular-file new.txt', 'directory sub', 'symbolic-link abs-link', 'symbolic-link in-link', 'symbolic-link out-link'].sort());
    expect(sb.readlinkAt('in-link')).toBe('file.txt');
    expect(sb.openAt({ symlinkFollow: true }, 'in-link', {}, READ).isSameObject(sb.openAt({}, 'file.txt', {}, READ))).toBe(true);
  });

  it('a read-only grant refuses every change with not-permitted, directly and through what it opens', async () => {
    const ro = dir(true);
    expect(ro.getFlags()).toEqual({ read: true, mutateDirectory: false });
    const refusals = {
      create: () => ro.openAt({}, 'new.txt', { create: true }, WRITE),
      truncate: () => ro.openAt({}, 'file.txt', { truncate: true }, WRITE),
      'open for writing': () => ro.openAt({}, 'file.txt', {}, WRITE),
      mkdir: () => ro.createDirectoryAt('made'),
      rename: () => ro.renameAt('file.txt', ro, 'moved.txt'),
      unlink: () => ro.unlinkFileAt('file.txt'),
      rmdir: () => ro.removeDirectoryAt('sub'),
      symlink: () => ro.symlinkAt('file.txt', 'l'),
      link: () => ro.linkAt({}, 'file.txt', ro, 'hard'),
      'set-times-at': () => ro.setTimesAt({}, 'file.txt', { tag: 'now' }, { tag: 'now' }),
      'mkdir in a subdirectory': () => ro.openAt({}, 'sub', { directory: true }, READ).createDirectoryAt('made'),
    };
    for (const [name, call] of Object.entries(refusals)) expect(errorCodeOf(call), name).toBe('not-permitted');
    const file = ro.openAt({}, 'file.txt', {}, READ);
    expect(errorCodeOf(() => file.write(new Uint8Array([1]), 0n))).toBe('not-permitted');
    expect(errorCodeOf(() => file.setSize(0n))).toBe('not-permitted');
    expect(errorCodeOf(() => file.writeViaStream(0n))).toBe('not-permitted');
    expect(errorCodeOf(() => file.appendViaStream())).toBe('not-permitted');
    expect(await readdir(root)).toEqual(expect.arrayContaining(['file.txt', 'sub']));
    expect(await readdir(root)).toHaveLength(5);
    expect(await readFile(path.join(root, 'file.txt'), 'utf8')).toBe('inside');
  });

  it('opens as wasmtime\'s open-at: create and truncate open for writing too, sync flags are unsupported, the host fd decides reads and writes', async () => {
    const sb = dir(false);
    // The preview1 adapter asks for no flags when a p1 program passes no rights.
    const created = sb.openAt({}, 'new.txt', { create: true }, {});
    expect(created.getFlags()).toEqual({ read: true, write: true });
    expect(created.write(new TextEncoder().encode('made'), 0n)).toBe(4n);
    expect(sb.openAt({}, 'new.txt', { truncate: true }, {}).getFlags()).toEqual({ read: true, write: true });
    expect(await readFile(path.join(root, 'new.txt'), 'utf8')).toBe('');
    for (const sync of ['fileIntegritySync', 'dataIntegritySync', 'requestedWriteSync']) {
      expect(errorCodeOf(() => sb.openAt({}, 'file.txt', {}, { ...WRITE, [sync]: true })), sync).toBe('unsupported');
    }
    // Within a read-write grant the kernel answers for the fd's mode (EBADF), as wasmtime lets it.
    expect(errorCodeOf(() => sb.openAt({}, 'file.txt', {}, { write: true }).read(10n, 0n))).toBe('bad-descriptor');
    expect(errorCodeOf(() => sb.openAt({}, 'file.txt', {}, READ).write(new Uint8Array([1]), 0n))).toBe('bad-descriptor');
    expect(errorCodeOf(() => sb.readViaStream(0n))).toBe('is-directory');
    // Even a write of nothing asks the kernel (wasmtime's blocking_write loop), so it is refused too.
    const readOnlyFile = sb.openAt({}, 'file.txt', {}, READ);
    for (const stream of [readOnlyFile.writeViaStream(0n), readOnlyFile.appendViaStream()]) {
      expect(streamErrorOf(() => stream.blockingWriteAndFlush(new Uint8Array(0)))).toBe('bad-descriptor');
    }
    // A directory opened for reading says so, and still changes its entries under a read-write grant.
    const sub = sb.openAt({}, 'sub', { directory: true }, READ);
    expect(sub.getFlags()).toEqual({ read: true, mutateDirectory: false });
    sub.createDirectoryAt('made');
    expect(await readdir(path.join(root, 'sub'))).toEqual(['made']);
    expect(await readFile(path.join(root, 'file.txt'), 'utf8')).toBe('inside');
  });

  it('a time before the epoch is no timestamp at all (wasmtime\'s none), not a u64 that wrapped', async () => {
    await writeFile(path.join(root, 'old.txt'), '');
    // Dates: Node takes a negative number of seconds for "now".
    await utimes(path.join(root, 'old.txt'), new Date(-(2 ** 31) * 1000), new Date(-500));
    // The descriptor's own stat; stat-at goes through fs/host-stat.ts, which keeps preview1's 0.
    const stat = dir(false).openAt({}, 'old.txt', {}, READ).stat();
    expect(stat.dataAccessTimestamp).toBeUndefined();
    expect(stat.dataModificationTimestamp).toBeUndefined();
    expect(stat.statusChangeTimestamp?.seconds).toBeGreaterThan(0n);
  });

  it('a read-only grant answers what wasmtime checks first: not-directory, then overflow, then not-permitted', () => {
    const ro = dir(true);
    const file = ro.openAt({}, 'file.txt', {}, READ);
    expect(errorCodeOf(() => ro.linkAt({}, 'file.txt', file, 'hard'))).toBe('not-directory');
    expect(errorCodeOf(() => ro.renameAt('file.txt', file, 'moved'))).toBe('not-directory');
    const past2554 = { tag: 'timestamp', val: { seconds: 2n ** 63n, nanoseconds: 0 } } as const;
    expect(errorCodeOf(() => file.setTimes(past2554, { tag: 'no-change' }))).toBe('overflow');
    expect(errorCodeOf(() => ro.setTimesAt({}, 'file.txt', past2554, { tag: 'no-change' }))).toBe('overflow');
    expect(errorCodeOf(() => file.setTimesAt({}, 'file.txt', past2554, { tag: 'no-change' }))).toBe('not-directory');
  });

  it('renames and hard links from a writable grant into a read-only one are refused', () => {
    const rw = dir(false);
    const ro = openPreopens([{ guestPath: '/ro', hostPath: path.join(root, 'sub'), readonly: true }], open)[0]!.descriptor;
    expect(errorCodeOf(() => rw.renameAt('file.txt', ro, 'planted.txt'))).toBe('not-permitted');
    expect(errorCodeOf(() => rw.linkAt({}, 'file.txt', ro, 'planted.txt'))).toBe('not-permitted');
  });
});

describe('what the component host serves', () => {
  it('sockets: creating one is access-denied, a name lookup a permanent resolver failure', () => {
    const sockets = socketInterfaces();
    expect(errorCodeOf(() => sockets['wasi:sockets/tcp-create-socket'].createTcpSocket())).toBe('access-denied');
    expect(errorCodeOf(() => sockets['wasi:sockets/udp-create-socket'].createUdpSocket())).toBe('access-denied');
    expect(errorCodeOf(() => sockets['wasi:sockets/ip-name-lookup'].resolveAddresses())).toBe('permanent-resolver-failure');
  });

  it('serves every 0.2.x WASI interface it implements, and nothing else', () => {
    const instance = (name: string) => ({ name, kind: 'instance' as const });
    const served = ['wasi:cli/environment@0.2.0', 'wasi:filesystem/types@0.2.3', 'wasi:io/streams@0.2.12', 'wasi:sockets/tcp@0.2.0', 'wasi:random/insecure-seed@0.2.0'];
    expect(unservedImports(served.map(instance))).toEqual([]);
    const refused = [instance('wasi:http/outgoing-handler@0.2.0'), instance('wasi:cli/environment@0.3.0'), instance('wasi:cli/environment'), instance('my:app/logger@1.0.0'), { name: 'log', kind: 'func' as const }];
    expect(unservedImports(refused)).toEqual(refused);
  });
});
