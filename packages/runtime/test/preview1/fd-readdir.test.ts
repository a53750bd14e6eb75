import { lstatSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { Errno } from '../../src/index.js';
import { Guest, tempDir } from './harness.js';

interface Dirent {
  next: bigint;
  ino: bigint;
  type: number;
  name: string;
}

/** Parses whole dirents from a buffer (a partial last one is dropped, as a guest does). */
function parse(guest: Guest, buf: number, used: number): Dirent[] {
  const entries: Dirent[] = [];
  let offset = 0;
  while (offset + 24 <= used) {
    const namlen = guest.u32(buf + offset + 16);
    if (offset + 24 + namlen > used) break;
    entries.push({
      next: guest.u64(buf + offset),
      ino: guest.u64(buf + offset + 8),
      type: guest.view.getUint8(buf + offset + 20),
      name: guest.bytesAt(buf + offset + 24, namlen).toString(),
    });
    offset += 24 + namlen;
  }
  return entries;
}

describe('fd_readdir', () => {
  let root: string;
  let guest: Guest;

  beforeEach(() => {
    root = tempDir('readdir');
    writeFileSync(path.join(root, 'file'), 'x');
    mkdirSync(path.join(root, 'dir'));
    symlinkSync('file', path.join(root, 'link'));
    guest = new Guest({ preopens: { '/r': root } });
  });

  const readdir = (cookie: bigint, size: number): [number, number, number] => {
    const buf = guest.alloc(size);
    const used = guest.alloc(4);
    const errno = guest.wasi1.fd_readdir(3, buf, size, cookie, used);
    return [errno, buf, guest.u32(used)];
  };

  it('lists . and .. first, then every entry with its real inode and unfollowed type', () => {
    const [errno, buf, used] = readdir(0n, 4096);
    expect(errno).toBe(Errno.SUCCESS);
    const entries = parse(guest, buf, used);
    expect(entries.slice(0, 2).map((e) => e.name)).toEqual(['.', '..']);
    expect(entries[0]!.ino).toBe(statSync(root).ino === 0 ? 0n : BigInt(statSync(root, { bigint: true }).ino));
    const byName = Object.fromEntries(entries.map((e) => [e.name, e]));
    expect(Object.keys(byName).sort()).toEqual(['.', '..', 'dir', 'file', 'link']);
    expect(byName.file!.type).toBe(4);
    expect(byName.dir!.type).toBe(3);
    expect(byName.link!.type).toBe(7);
    expect(byName.file!.ino).toBe(lstatSync(path.join(root, 'file'), { bigint: true }).ino);
    expect(entries.map((e) => e.next)).toEqual([1n, 2n, 3n, 4n, 5n]);
  });

  it('fills a small buffer completely, cutting the last entry, and resumes from a cookie', () => {
    const [, full, fullUsed] = readdir(0n, 4096);
    const all = parse(guest, full, fullUsed);
    const [, buf, used] = readdir(0n, 30);
    expect(used).toBe(30);
    const first = parse(guest, buf, used);
    expect(first.map((e) => e.name)).toEqual(['.']);
    const names: string[] = [];
    let cookie = 0n;
    for (;;) {
      const [, chunk, chunkUsed] = readdir(cookie, 40);
      const entries = parse(guest, chunk, chunkUsed);
      names.push(...entries.map((e) => e.name));
      if (chunkUsed < 40) break;
      cookie = entries[entries.length - 1]!.next;
    }
    expect(names).toEqual(all.map((e) => e.name));
  });

  it('a cookie past the end gives an empty buffer; a file, stdio or a closed fd is EBADF (wasmtime)', () => {
    expect(readdir(99n, 128)[2]).toBe(0);
    const [, fileFd] = guest.open(3, 'file');
    const used = guest.alloc(4);
    expect(guest.wasi1.fd_readdir(fileFd, guest.alloc(64), 64, 0n, used)).toBe(Errno.BADF);
    expect(guest.wasi1.fd_readdir(0, guest.alloc(64), 64, 0n, used)).toBe(Errno.BADF);
    expect(guest.wasi1.fd_readdir(42, guest.alloc(64), 64, 0n, used)).toBe(Errno.BADF);
  });
});
