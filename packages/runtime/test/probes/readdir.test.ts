import { execFileSync } from 'node:child_process';
import { lstat, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProbes } from '../helpers/probes.js';
import { runGuest } from '../helpers/run-guest.js';
import { makeSandbox, type SandboxLayout } from '../helpers/sandbox-layout.js';

// 120 entries with names from 1 to 60 bytes, so small buffers cut entries at every offset.
const NAMES = Array.from({ length: 120 }, (_, i) => `${String(i).padStart(3, '0')}-${'x'.repeat(i % 57)}`);

describe('fd_readdir lists every entry exactly once through cookies', () => {
  let sb: SandboxLayout;
  beforeAll(async () => {
    await buildProbes();
    sb = await makeSandbox();
    for (const name of NAMES) await writeFile(path.join(sb.root, 'sub', name), name);
    await sb.link('file.txt', 'link');
  });
  afterAll(() => sb.remove());

  // `.` and `..` included, as wasmtime and the WASI testsuite's fd_readdir expect.
  const expected = ['.', '..', ...NAMES, 'inner.txt'].sort();

  it.each([90, 128, 333, 4096, 65536])('with a %i-byte buffer, restarting after truncated entries', async (size) => {
    const { stdout } = await runGuest({ module: 'readdir-walk', args: [String(size)], preopens: { '/sb': path.join(sb.root, 'sub') } });
    const [first, ...names] = stdout.split('\n').slice(0, -1);
    expect(names.length, 'duplicates or missing entries').toBe(expected.length);
    expect([...names].sort()).toEqual(expected);
    // A full buffer means "more to come"; only the last call may come back short.
    const total = 24 * expected.length + expected.join('').length;
    if (size < total) expect(first).toBe(`used=${size}`);
    else expect(Number(first?.slice('used='.length))).toBeLessThan(size);
  });

  it('entries carry their filetype and inode; `.` and `..` are listed (WASI testsuite fd_readdir)', async () => {
    const { stdout } = await runGuest({ module: 'readdir-walk', args: ['4096', 'types'], preopens: { '/sb': sb.root } });
    const entries = stdout.split('\n').slice(1, -1).map((line) => line.split(' ') as [string, string, string]);
    const inode = async (rel: string) => String((await lstat(path.join(sb.root, rel), { bigint: true })).ino);
    expect(entries.map(([type, , name]) => `${type} ${name}`).sort()).toEqual(['3 .', '3 ..', '3 empty', '3 sub', '4 file.txt', '7 link']);
    for (const [, ino, name] of entries) if (name !== '..') expect(ino, `d_ino of ${name}`).toBe(await inode(name));
  });

  it('a buffer smaller than one dirent header still fills it (truncated), without error', async () => {
    const { stdout } = await runGuest({ module: 'readdir-walk', args: ['10'], preopens: { '/sb': path.join(sb.root, 'sub') } });
    expect(stdout).toBe('used=10\nbuffer too small for one entry\n');
  });

  it("lists a directory in the host's order (getdents64's, as wasmtime does), not sorted", async () => {
    const dir = path.join(sb.root, 'unsorted');
    await mkdir(dir);
    // Created out of order, so no file system's order is the sorted one by chance.
    for (let i = 0; i < 40; i++) await writeFile(path.join(dir, `n${(i * 17) % 40}`), '');
    const hostOrder = execFileSync('ls', ['-U', '-A', dir], { encoding: 'utf8' }).split('\n').slice(0, -1);
    expect(hostOrder, 'control: the host order differs from the sorted one').not.toEqual([...hostOrder].sort());
    const { stdout } = await runGuest({ module: 'readdir-walk', args: ['65536'], preopens: { '/sb': dir } });
    expect(stdout.split('\n').slice(1, -1)).toEqual(['.', '..', ...hostOrder]);
  });
});
