import { closeSync, constants, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FilestatFlags, type NativeAddon, nativeAddon, wasiErrno } from '../../src/fs/native-addon.js';
import { O_PATH } from '../../src/fs/open-flags.js';
import { Errno, Filetype } from '../../src/preview1/spec.js';
import { tempDir } from '../preview1/harness.js';

const addon = nativeAddon!;

// The addon's own contract: errnos as negative numbers, and no pointer it is handed can reach
// past the buffer, whatever TypeScript checked before.
describe.skipIf(nativeAddon === undefined)('the native addon (native/wasi-kit-native.c)', () => {
  const memory = new Uint8Array(new WebAssembly.Memory({ initial: 1 }).buffer);
  const size = memory.length;

  function fixture() {
    const root = tempDir('native');
    mkdirSync(path.join(root, 'sub'));
    writeFileSync(path.join(root, 'sub', 'data'), 'hello, native');
    return { root, fd: openSync(root, constants.O_RDONLY | constants.O_DIRECTORY) };
  }

  it('loads again into the same environment (one more copy of the module, as jest makes per test file) without aborting Node', () => {
    const again = { exports: {} as NativeAddon };
    process.dlopen(again, path.join(import.meta.dirname, '..', '..', 'dist', 'native', 'wasi-kit-native.node'));
    expect(again.exports.resolver()).toBe(addon.resolver());
  });

  it('returns -errno instead of throwing, and maps it to the WASI errno', () => {
    const { fd } = fixture();
    const missing = addon.statAt(fd, 'missing', new BigUint64Array(8));
    expect(missing).toBeLessThan(0);
    expect(wasiErrno(missing)).toBe(Errno.NOENT);
    expect(wasiErrno(addon.mkdirAt(fd, 'sub', 0o777))).toBe(Errno.EXIST);
    expect(wasiErrno(addon.openBeneath(-1, 'x', 0, 0, false, null))).toBe(Errno.BADF);
    closeSync(fd);
  });

  it('refuses out-of-range guest pointers and lengths with EFAULT, touching nothing', () => {
    const { fd } = fixture();
    const file = addon.openBeneath(fd, 'sub/data', constants.O_RDWR, 0, false, null);
    expect(file).toBeGreaterThanOrEqual(0);
    const iovs = 64;
    const view = new DataView(memory.buffer);
    const setIovec = (buf: number, len: number) => {
      view.setUint32(iovs, buf, true);
      view.setUint32(iovs + 4, len, true);
    };
    for (const [buf, len] of [[size - 4, 5], [size, 1], [0xffff_ffff, 1], [size - 1, 0xffff_ffff]] as const) {
      setIovec(buf, len);
      expect(wasiErrno(addon.preadv(file, memory, iovs, 1, 0)), `iovec ${buf}+${len}`).toBe(Errno.FAULT);
      expect(wasiErrno(addon.pwritev(file, memory, iovs, 1, 0)), `iovec ${buf}+${len}`).toBe(Errno.FAULT);
    }
    // The iovec array itself out of range, or absurdly long.
    expect(wasiErrno(addon.preadv(file, memory, size - 4, 1, 0))).toBe(Errno.FAULT);
    expect(wasiErrno(addon.preadv(file, memory, 0, 0x1000_0000, 0))).toBe(Errno.FAULT);
    expect(wasiErrno(addon.readlinkAt(fd, 'sub', memory, size - 2, 3))).toBe(Errno.FAULT);
    expect(readFileSync(path.join(fixture().root, 'sub', 'data'), 'utf8')).toBe('hello, native');
    closeSync(file);
    closeSync(fd);
  });

  it('writes a stat\'s filestat straight into guest memory only where it fits 8-byte aligned (EFAULT otherwise)', () => {
    const { root, fd } = fixture();
    const stat = statSync(path.join(root, 'sub', 'data'), { bigint: true });
    const view = new DataView(memory.buffer);
    const pathAt = 256;
    const name = Buffer.from('sub/data');
    memory.set(name, pathAt);
    const file = addon.openBeneath(fd, 'sub/data', constants.O_RDONLY, 0, false, null);
    memory.fill(0xee, size - 128);
    // Inside, aligned: both layouts, the size at 32 (preview1) or 24 (wasi_unstable).
    expect(addon.filestatBeneath(fd, memory, pathAt, name.length, FilestatFlags.FOLLOW, size - 128)).toBe(0);
    expect(view.getBigUint64(size - 128 + 32, true)).toBe(stat.size);
    // The filetype comes back as the result (fd/entry.ts learns a type it did not read at open).
    expect(addon.filestatFd(file, memory, FilestatFlags.UNSTABLE, size - 56)).toBe(Filetype.REGULAR_FILE);
    expect(view.getBigUint64(size - 56 + 24, true)).toBe(stat.size);
    expect(memory[size - 56 + 16]).toBe(Filetype.REGULAR_FILE);
    expect(wasiErrno(addon.filestatBeneath(fd, memory, pathAt, name.length, FilestatFlags.MUST_BE_DIR, 0))).toBe(Errno.NOTDIR);
    // The struct past the end, misaligned, or where no memory is; the path span outside: EFAULT, nothing written.
    memory.fill(0xee, size - 128);
    for (const [ptr, flags] of [[size - 56, 0], [size - 48, FilestatFlags.UNSTABLE], [size - 124, 0], [0xffff_fff8, FilestatFlags.UNSTABLE], [-8, 0]] as const) {
      expect(wasiErrno(addon.filestatBeneath(fd, memory, pathAt, name.length, flags, ptr)), `${ptr}`).toBe(Errno.FAULT);
      expect(wasiErrno(addon.filestatFd(file, memory, flags, ptr)), `${ptr}`).toBe(Errno.FAULT);
    }
    expect(wasiErrno(addon.filestatBeneath(fd, memory, size - 4, name.length, 0, 0))).toBe(Errno.FAULT);
    expect(memory.subarray(size - 128).every((byte) => byte === 0xee)).toBe(true);
    closeSync(file);
    closeSync(fd);
  });

  it('takes a path as guest bytes in place: the span is checked against the buffer, a NUL in it is EINVAL', () => {
    const { fd } = fixture();
    const text = 'sub/data';
    const at = size - text.length;
    memory.set(Buffer.from(text), at);
    const words = new BigUint64Array(8);
    expect(addon.statBeneath(fd, memory, false, false, words, at, text.length)).toBe(0);
    expect(Number(words[4])).toBe('hello, native'.length);
    // Only the span is the path: "sub" of "sub/data".
    expect(addon.statBeneath(fd, memory, false, true, words, at, 3)).toBe(0);
    const file = addon.openBeneath(fd, memory, constants.O_RDONLY, 0, false, null, at, text.length);
    expect(file).toBeGreaterThanOrEqual(0);
    closeSync(file);
    for (const [start, length] of [[at, text.length + 1], [size, 1], [-1, 2], [0, 2 ** 32]] as const) {
      expect(wasiErrno(addon.statBeneath(fd, memory, false, false, words, start, length)), `span ${start}+${length}`).toBe(Errno.FAULT);
      expect(wasiErrno(addon.openBeneath(fd, memory, constants.O_RDONLY, 0, false, null, start, length)), `span ${start}+${length}`).toBe(Errno.FAULT);
    }
    memory[at + 3] = 0;
    expect(wasiErrno(addon.statBeneath(fd, memory, false, false, words, at, text.length))).toBe(Errno.INVAL);
    closeSync(fd);
  });

  it('changes an entry in one call, its parent resolved beneath the directory (changeEntry)', () => {
    const { root, fd } = fixture();
    const bytes = (text: string) => Buffer.from(text);
    const change = (op: 0 | 1 | 2, text: string) => addon.changeEntry(op, fd, bytes(text), 0, bytes(text).length);
    expect(change(0, 'sub/made')).toBe(0);
    expect(statSync(path.join(root, 'sub', 'made')).isDirectory()).toBe(true);
    expect(wasiErrno(change(0, 'sub/made'))).toBe(Errno.EXIST);
    expect(change(2, 'sub/made')).toBe(0);
    expect(change(1, 'sub/data')).toBe(0);
    expect(wasiErrno(change(1, 'sub/data'))).toBe(Errno.NOENT);
    expect(change(0, 'top')).toBe(0);
    // Out of the directory: the parent lookup's EXDEV (the strategy reports it as EPERM).
    expect(wasiErrno(change(0, '../outside'))).toBe(Errno.XDEV);
    // A last component the caller must have handled is refused, never acted on.
    for (const text of ['sub/.', 'sub/..', '.', '..']) expect(wasiErrno(change(2, text)), text).toBe(Errno.INVAL);
    expect(statSync(path.join(root, 'sub')).isDirectory()).toBe(true);
    expect(wasiErrno(addon.changeEntry(0, fd, bytes('x'), 1, 1))).toBe(Errno.FAULT);
    closeSync(fd);
  });

  it('closes lookup descriptors in batches: at most 32 held, and never a descriptor someone else owns', () => {
    const { root, fd } = fixture();
    const words = new BigUint64Array(8);
    const openFds = () => readdirSync('/proc/self/fd').length;
    const before = openFds();
    // Descriptors of other code, opened and closed between the lookups, so the numbers interleave.
    const others: number[] = [];
    for (let i = 0; i < 500; i++) {
      expect(addon.statBeneath(fd, 'sub/data', false, false, words)).toBe(0);
      const parent = addon.openBeneath(fd, 'sub', O_PATH | constants.O_DIRECTORY, 0, true, null);
      expect(parent).toBeGreaterThanOrEqual(0);
      addon.releaseLookup(parent);
      if (i % 7 === 0) others.push(openSync(path.join(root, 'sub', 'data'), 'r'));
      if (i % 11 === 0 && others.length > 2) closeSync(others.splice(1, 1)[0]!);
    }
    for (const other of others) expect(readFileSync(other, 'utf8')).toBe('hello, native');
    expect(openFds() - before - others.length).toBeLessThanOrEqual(32);
    for (const other of others) closeSync(other);
    closeSync(fd);
  });

  it('reads and writes guest memory in place at 64-bit offsets (preadv/pwritev)', () => {
    const { root, fd } = fixture();
    const file = addon.openBeneath(fd, 'sub/data', constants.O_RDWR, 0, false, null);
    const view = new DataView(memory.buffer);
    view.setUint32(64, 1000, true);
    view.setUint32(68, 5, true);
    view.setUint32(72, 2000, true);
    view.setUint32(76, 8, true);
    expect(addon.preadv(file, memory, 64, 2, 0)).toBe(13);
    expect(Buffer.from(memory.subarray(1000, 1005)).toString()).toBe('hello');
    expect(Buffer.from(memory.subarray(2000, 2008)).toString()).toBe(', native');
    // Past 4 GiB: a sparse write lands at the exact offset.
    const far = 2 ** 32 + 7;
    expect(addon.pwritev(file, memory, 64, 1, far)).toBe(5);
    expect(statSync(path.join(root, 'sub', 'data')).size).toBe(far + 5);
    closeSync(file);
    closeSync(fd);
  });

  it('lists a directory as WASI dirents: `.` and `..` first with `.`\'s inode, each entry with its inode and type, -ENOBUFS when it does not fit', () => {
    const { root, fd } = fixture();
    mkdirSync(path.join(root, 'sub', 'inner'));
    const dir = addon.openBeneath(fd, 'sub', constants.O_RDONLY | constants.O_DIRECTORY, 0, false, null);
    const bytes = new Uint8Array(4096);
    const starts = new Uint32Array(16);
    const list = () => {
      const count = addon.listDirectory(dir, bytes, starts, true);
      const view = new DataView(bytes.buffer);
      return Array.from({ length: count }, (_, i) => {
        const at = starts[i]!;
        expect(view.getBigUint64(at, true)).toBe(BigInt(i + 1));
        const name = Buffer.from(bytes.subarray(at + 24, at + 24 + view.getUint32(at + 16, true))).toString();
        return { name, ino: view.getBigUint64(at + 8, true), type: bytes[at + 20] };
      });
    };
    const entries = list();
    expect(entries.slice(0, 2).map((e) => e.name)).toEqual(['.', '..']);
    const subIno = BigInt(statSync(path.join(root, 'sub')).ino);
    expect(entries[0]!.ino).toBe(subIno);
    expect(entries[1]!.ino).toBe(subIno);
    const rest = entries.slice(2).sort((a, b) => a.name.localeCompare(b.name));
    expect(rest).toEqual([
      { name: 'data', ino: BigInt(statSync(path.join(root, 'sub', 'data')).ino), type: Filetype.REGULAR_FILE },
      { name: 'inner', ino: BigInt(statSync(path.join(root, 'sub', 'inner')).ino), type: Filetype.DIRECTORY },
    ]);
    expect(starts[4]).toBe(4 * 24 + 1 + 2 + 4 + 5);
    // Again from the start, whatever was read before.
    expect(list().length).toBe(4);
    // Without the rewind, a descriptor already read to its end lists only `.` and `..`.
    expect(addon.listDirectory(dir, bytes, starts, false)).toBe(2);
    expect(wasiErrno(addon.listDirectory(dir, bytes.subarray(0, 60), starts, true))).toBe(Errno.NOBUFS);
    expect(wasiErrno(addon.listDirectory(dir, bytes, starts.subarray(0, 3), true))).toBe(Errno.NOBUFS);
    closeSync(dir);
    closeSync(fd);
  });

  it('sets times beneath the directory in one call, to the nanosecond: a final link itself unless following (utimensBeneath)', () => {
    const { root, fd } = fixture();
    symlinkSync('data', path.join(root, 'sub', 'link'));
    const at = 512;
    const set = (text: string, follow: boolean, mtim: bigint) => {
      memory.set(Buffer.from(text), at);
      // fstflags 4: MTIM only; atime is left as it is.
      return addon.utimensBeneath(fd, memory, at, Buffer.byteLength(text), follow, 0n, mtim, 4);
    };
    const mtimeNs = (name: string) => lstatSync(path.join(root, 'sub', name), { bigint: true }).mtimeNs;
    expect(set('sub/link', false, 1_000_000_000_123_456_789n)).toBe(0);
    expect(mtimeNs('link')).toBe(1_000_000_000_123_456_789n);
    expect(mtimeNs('data')).not.toBe(1_000_000_000_123_456_789n);
    expect(set('sub/link', true, 2_000_000_000_000_000_007n)).toBe(0);
    expect(mtimeNs('data')).toBe(2_000_000_000_000_000_007n);
    expect(mtimeNs('link')).toBe(1_000_000_000_123_456_789n);
    expect(set('sub/../sub/./data', true, 3_000_000_000n)).toBe(0);
    expect(mtimeNs('data')).toBe(3_000_000_000n);
    expect(wasiErrno(set('sub/missing', true, 0n))).toBe(Errno.NOENT);
    // Out of the directory: the lookup's EXDEV (the strategy reports it as EPERM); nothing outside is touched.
    const outside = statSync(path.dirname(root), { bigint: true }).mtimeNs;
    expect(wasiErrno(set('..', false, 4_000_000_000n))).toBe(Errno.XDEV);
    expect(statSync(path.dirname(root), { bigint: true }).mtimeNs).toBe(outside);
    expect(wasiErrno(addon.utimensBeneath(fd, memory, size - 2, 4, true, 0n, 0n, 4))).toBe(Errno.FAULT);
    // utimensAt with no name acts on the fd: an open file (futimens) or a lookup's O_PATH fd.
    const file = addon.openBeneath(fd, 'sub/data', constants.O_RDONLY, 0, false, null);
    expect(addon.utimensAt(file, '', 0n, 5_000_000_001n, 4)).toBe(0);
    expect(mtimeNs('data')).toBe(5_000_000_001n);
    const lookup = addon.openBeneath(fd, 'sub/data', O_PATH, 0, false, null);
    expect(addon.utimensAt(lookup, '', 0n, 6_000_000_002n, 4)).toBe(0);
    expect(mtimeNs('data')).toBe(6_000_000_002n);
    closeSync(lookup);
    closeSync(file);
    closeSync(fd);
  });

  it('syncs and truncates an open file (syncFd, truncateFd), -errno for a descriptor that cannot', () => {
    const { root, fd } = fixture();
    const file = addon.openBeneath(fd, 'sub/data', constants.O_RDWR, 0, false, null);
    expect(addon.syncFd(file, false)).toBe(0);
    expect(addon.syncFd(file, true)).toBe(0);
    expect(addon.truncateFd(file, 5)).toBe(0);
    expect(readFileSync(path.join(root, 'sub', 'data'), 'utf8')).toBe('hello');
    expect(addon.truncateFd(file, 2 ** 32 + 1)).toBe(0);
    expect(statSync(path.join(root, 'sub', 'data')).size).toBe(2 ** 32 + 1);
    const reader = addon.openBeneath(fd, 'sub/data', constants.O_RDONLY, 0, false, null);
    // ftruncate of a descriptor open only for reading is EINVAL on Linux (wasmtime passes it on).
    expect(wasiErrno(addon.truncateFd(reader, 0))).toBe(Errno.INVAL);
    closeSync(reader);
    closeSync(file);
    expect(wasiErrno(addon.syncFd(file, false))).toBe(Errno.BADF);
    expect(wasiErrno(addon.truncateFd(file, 0))).toBe(Errno.BADF);
    // Not a whole number of bytes in [0, 2^53]: a caller bug (guest-numbers.ts checks the guest's u64 first).
    for (const bad of [-1, 0.5, 2 ** 53 + 2, Number.NaN]) expect(() => addon.truncateFd(fd, bad), `${bad}`).toThrow(TypeError);
    closeSync(fd);
  });

  it('throws a TypeError only for arguments of the wrong type (a caller bug, never a guest input)', () => {
    expect(() => addon.statAt('3' as unknown as number, 'x', new BigUint64Array(8))).toThrow(TypeError);
    expect(() => addon.statAt(3, 'x', new BigUint64Array(2))).toThrow(TypeError);
    expect(() => addon.filestatFd(3, new BigUint64Array(8) as unknown as Uint8Array, 0, '8' as unknown as number)).toThrow(TypeError);
  });
});
