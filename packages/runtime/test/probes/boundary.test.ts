import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, lstatSync, mkdtempSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as runFile, type RunOptions as RunFileOptions } from '../../src/pipeline/run.js';
import type { TraceSink } from '../../src/tools/strace.js';
import { Errno } from '../../src/preview1/spec.js';
import { tempDir } from '../preview1/harness.js';

// Issue 11's guest-boundary classes, each a raw-call WAT export run through runFile (the code path
// of `wasi-kit run`) with and without tracing. Exports return (errno, value) via --invoke.

const FILE_RIGHTS = '0x8e001ff';
const IMPORTS = `
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_pread" (func $fd_pread (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_pwrite" (func $fd_pwrite (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_seek" (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_tell" (func $fd_tell (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_set_size" (func $set_size (param i32 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_allocate" (func $allocate (param i32 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_advise" (func $advise (param i32 i64 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_readdir" (func $fd_readdir (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fdstat (param i32 i32) (result i32)))
`;
// Memory: 0 iovecs, 512 nwritten/nread, 520 u64 out, 528 opened fd, 1024 "file.txt", 1040 "ab",
// 1056 "\uFEFFhello.txt", 1072 ".", 1080 "sub/..", 2048 readdir buffer.
const DATA = `
  (data (i32.const 1024) "file.txt")
  (data (i32.const 1040) "ab")
  (data (i32.const 1056) "\\ef\\bb\\bfhello.txt")
  (data (i32.const 1072) ".")
  (data (i32.const 1080) "sub/..")
`;
const HELPERS = `
  (func $open (param $ptr i32) (param $len i32) (param $oflags i32) (result i32)
    (drop (call $path_open (i32.const 3) (i32.const 1) (local.get $ptr) (local.get $len) (local.get $oflags)
      (i64.const ${FILE_RIGHTS}) (i64.const ${FILE_RIGHTS}) (i32.const 0) (i32.const 528)))
    (i32.load (i32.const 528)))
  (func $dir (param $ptr i32) (param $len i32) (result i32)
    (drop (call $path_open (i32.const 3) (i32.const 1) (local.get $ptr) (local.get $len) (i32.const 2)
      (i64.const 0x4000) (i64.const 0) (i32.const 0) (i32.const 528)))
    (i32.load (i32.const 528)))
  (func $file (result i32) (call $open (i32.const 1024) (i32.const 8) (i32.const 0)))
  (func $iov (param $at i32) (param $buf i32) (param $len i32)
    (i32.store (local.get $at) (local.get $buf))
    (i32.store (i32.add (local.get $at) (i32.const 4)) (local.get $len)))
  (func $n (result i64) (i64.extend_i32_u (i32.load (i32.const 512))))
`;

const SMALL = `(module ${IMPORTS}
  (memory (export "memory") 1) ${DATA} ${HELPERS}
  (func (export "write_after_huge_seek") (result i32 i64) (local $fd i32) (local $e i32)
    (local.set $fd (call $file))
    (local.set $e (call $fd_seek (local.get $fd) (i64.const 9007199254740990) (i32.const 0) (i32.const 520)))
    (if (local.get $e) (then (return (local.get $e) (i64.const -1))))
    (call $iov (i32.const 0) (i32.const 1040) (i32.const 2))
    (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 512)) (call $n))
  (func (export "pwrite_two_iovecs_at_max") (result i32 i64)
    (call $iov (i32.const 0) (i32.const 1040) (i32.const 2))
    (call $iov (i32.const 8) (i32.const 1040) (i32.const 2))
    (call $fd_pwrite (call $file) (i32.const 0) (i32.const 2) (i64.const 9007199254740991) (i32.const 512)) (call $n))
  (func (export "pread_past_safe_integers") (result i32 i64)
    (call $iov (i32.const 0) (i32.const 2048) (i32.const 16))
    (call $fd_pread (call $file) (i32.const 0) (i32.const 1) (i64.const 9007199254740993) (i32.const 512)) (call $n))
  (func (export "pread_past_off_t") (result i32 i64)
    (call $iov (i32.const 0) (i32.const 2048) (i32.const 16))
    (call $fd_pread (call $file) (i32.const 0) (i32.const 1) (i64.const 0x8000000000000000) (i32.const 512)) (call $n))
  (func (export "pread_end_past_off_t") (result i32 i64)
    (call $iov (i32.const 0) (i32.const 2048) (i32.const 281))
    (call $fd_pread (call $file) (i32.const 0) (i32.const 1) (i64.const 0x7fffffffffffffff) (i32.const 512)) (call $n))
  (func (export "seek_past_max_keeps_position") (result i32 i64) (local $fd i32) (local $e i32)
    (local.set $fd (call $file))
    (drop (call $fd_seek (local.get $fd) (i64.const 3) (i32.const 0) (i32.const 520)))
    (local.set $e (call $fd_seek (local.get $fd) (i64.const 0x4000000000000000) (i32.const 0) (i32.const 520)))
    (drop (call $fd_tell (local.get $fd) (i32.const 520)))
    (local.get $e) (i64.load (i32.const 520)))
  (func (export "seek_end_overflow") (result i32 i64)
    (call $fd_seek (call $file) (i64.const 0x7fffffffffffffff) (i32.const 2) (i32.const 520)) (i64.const 0))
  (func (export "set_size_past_off_t") (result i32 i64) (call $set_size (call $file) (i64.const -1)) (i64.const 0))
  (func (export "set_size_past_host") (result i32 i64) (call $set_size (call $file) (i64.const 0x1000000000000000)) (i64.const 0))
  (func (export "allocate_past_host") (result i32 i64)
    (call $allocate (call $file) (i64.const 0x4000000000000000) (i64.const 0x3fffffffffffffff)) (i64.const 0))
  (func (export "allocate_past_off_t") (result i32 i64)
    (call $allocate (call $file) (i64.const 0x8000000000000000) (i64.const 1)) (i64.const 0))
  (func (export "advise_past_off_t") (result i32 i64)
    (call $advise (call $file) (i64.const 0) (i64.const -1) (i32.const 0)) (i64.const 0))
  (func (export "path_len_all_ones") (result i32 i64)
    (call $path_open (i32.const 3) (i32.const 1) (i32.const 1024) (i32.const -1) (i32.const 0)
      (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 528)) (i64.const 0))
  (func (export "path_len_2_31") (result i32 i64)
    (call $path_open (i32.const 3) (i32.const 1) (i32.const 1024) (i32.const 0x80000000) (i32.const 0)
      (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 528)) (i64.const 0))
  (func (export "create_bom_name") (result i32 i64)
    (drop (call $open (i32.const 1056) (i32.const 12) (i32.const 1)))
    (call $fd_write (i32.load (i32.const 528)) (i32.const 0) (i32.const 0) (i32.const 512)) (i64.const 0))
  (func $dotdot (param $ptr i32) (param $len i32) (result i32 i64) (local $e i32)
    (local.set $e (call $fd_readdir (call $dir (local.get $ptr) (local.get $len))
      (i32.const 2048) (i32.const 1024) (i64.const 0) (i32.const 512)))
    ;; entry 0 is "." (24 + 1 bytes); entry 1 is "..": its d_ino sits 8 bytes into it.
    (local.get $e) (i64.load (i32.const 2081)))
  (func (export "dotdot_of_dot") (result i32 i64) (call $dotdot (i32.const 1072) (i32.const 1)))
  (func (export "dotdot_of_sub_dotdot") (result i32 i64) (call $dotdot (i32.const 1080) (i32.const 6)))
  (func (export "stdout_filetype") (result i32 i64)
    (call $fdstat (i32.const 1) (i32.const 600)) (i64.load8_u (i32.const 600)))
  (func (export "_start")))`;

// 2 GiB + 64 KiB of memory, so one iovec can be 2^31 bytes long (the kernel touches only what it transfers).
const BIG = `(module ${IMPORTS}
  (memory (export "memory") 32769) ${DATA} ${HELPERS}
  (func (export "read_2g_file") (result i32 i64)
    (call $iov (i32.const 0) (i32.const 4096) (i32.const 0x80000000))
    (call $fd_read (call $file) (i32.const 0) (i32.const 1) (i32.const 512)) (call $n))
  (func (export "pread_2g_file") (result i32 i64)
    (call $iov (i32.const 0) (i32.const 4096) (i32.const 0x80000000))
    (call $fd_pread (call $file) (i32.const 0) (i32.const 1) (i64.const 2) (i32.const 512)) (call $n))
  (func (export "pwrite_2g_near_max") (result i32 i64)
    (call $iov (i32.const 0) (i32.const 4096) (i32.const 0x80000000))
    (call $fd_pwrite (call $file) (i32.const 0) (i32.const 1) (i64.const 9007199254740985) (i32.const 512)) (call $n))
  (func (export "write_2g_stdout") (result i32 i64)
    (call $iov (i32.const 0) (i32.const 4096) (i32.const 0x80000000))
    (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 512)) (call $n))
  (func (export "write_3x1g_stdout") (result i32 i64)
    (call $iov (i32.const 0) (i32.const 4096) (i32.const 0x40000000))
    (call $iov (i32.const 8) (i32.const 4096) (i32.const 0x40000000))
    (call $iov (i32.const 16) (i32.const 4096) (i32.const 0x40000000))
    (call $fd_write (i32.const 1) (i32.const 0) (i32.const 3) (i32.const 512)) (call $n))
  (func (export "read_2g_stdin") (result i32 i64)
    (call $iov (i32.const 0) (i32.const 4096) (i32.const 0x80000000))
    (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 512)) (call $n))
  (func (export "_start")))`;

const CONTENT = '0123456789';
let root: string;
let grant: string;
/** The same grant on tmpfs, where offsets up to 2^63-1 are valid (ext4 stops at 16 TiB with EFBIG). */
let tmpfsGrant: string | undefined;
let smallWat: string;
let bigWat: string;

beforeAll(() => {
  root = tempDir('boundary');
  grant = path.join(root, 'grant');
  mkdirSync(path.join(grant, 'sub'), { recursive: true });
  if (existsSync('/dev/shm')) tmpfsGrant = mkdtempSync('/dev/shm/wasi-kit-boundary-');
  smallWat = path.join(root, 'small.wat');
  bigWat = path.join(root, 'big.wat');
  writeFileSync(smallWat, SMALL);
  writeFileSync(bigWat, BIG);
});

afterAll(() => {
  execFileSync('rm', ['-rf', root, ...(tmpfsGrant === undefined ? [] : [tmpfsGrant])]);
});

function collect(): TraceSink & { lines: string[] } {
  const lines: string[] = [];
  return { lines, write: (line) => lines.push(line), close: () => {} };
}

/** Runs one export; returns [errno, value] and the trace lines. */
async function call(wat: string, name: string, traced: boolean, options: RunFileOptions = {}, dir = grant): Promise<{ errno: number; value: bigint; trace: string[] }> {
  writeFileSync(path.join(dir, 'file.txt'), CONTENT);
  const sink = collect();
  const result = await runFile(wat, { preopens: { '/g': dir }, invoke: { name, args: [] }, ...(traced ? { trace: sink } : {}), ...options });
  const [errno, value] = result.results as [number, bigint];
  return { errno, value, trace: sink.lines };
}

const fileIsUntouched = (dir = grant) => {
  expect(readFileSync(path.join(dir, 'file.txt'), 'utf8')).toBe(CONTENT);
  expect(statSync(path.join(dir, 'file.txt')).size).toBe(CONTENT.length);
};

/** The first 10 bytes of a file that may be sparse and 2^53 bytes long. */
function firstBytes(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(10);
    return buffer.subarray(0, readSync(fd, buffer, 0, 10, 0)).toString();
  } finally {
    closeSync(fd);
  }
}

/** The grants position tests run on: ext4 (or whatever the temp dir is) and tmpfs. */
const grants = (): string[] => [grant, ...(tmpfsGrant === undefined ? [] : [tmpfsGrant])];

describe.each([false, true])('the guest boundary (trace: %s)', (traced) => {
  it('a write after fd_seek to 2^53-2 goes there or fails: never to offset 0 (ext4 and tmpfs)', async () => {
    for (const dir of grants()) {
      const { errno, value } = await call(smallWat, 'write_after_huge_seek', traced, {}, dir);
      // ext4 refuses such an offset (EFBIG); tmpfs takes the one byte the host can address there.
      expect([errno, value]).toSatisfy(([e, n]: [number, bigint]) => e === Errno.FBIG || (e === 0 && n === 1n));
      expect(firstBytes(path.join(dir, 'file.txt'))).toBe(CONTENT);
    }
  });

  it('fd_pwrite of two iovecs at 2^53-1 is EFBIG and writes nothing anywhere (ext4 and tmpfs)', async () => {
    for (const dir of grants()) {
      expect((await call(smallWat, 'pwrite_two_iovecs_at_max', traced, {}, dir)).errno).toBe(Errno.FBIG);
      fileIsUntouched(dir);
    }
  });

  it('fd_pread past 2^53 reads exactly there (end of file: 0 bytes); past 2^63-1 it is EINVAL', async () => {
    expect(await call(smallWat, 'pread_past_safe_integers', traced)).toMatchObject({ errno: 0, value: 0n });
    expect((await call(smallWat, 'pread_past_off_t', traced)).errno).toBe(Errno.INVAL);
    // The fuzzer's finding on Node 24, which refuses a bigint position whose end passes off_t.
    expect((await call(smallWat, 'pread_end_past_off_t', traced)).errno).toBe(Errno.INVAL);
  });

  it('fd_seek past what the host can address is EINVAL and leaves the position alone', async () => {
    expect(await call(smallWat, 'seek_past_max_keeps_position', traced)).toMatchObject({ errno: Errno.INVAL, value: 3n });
    expect((await call(smallWat, 'seek_end_overflow', traced)).errno).toBe(Errno.INVAL);
  });

  it('fd_filestat_set_size and fd_advise refuse sizes as Linux does (EINVAL past off_t, EFBIG past the host); fd_allocate is ENOTSUP (wasmtime)', async () => {
    expect((await call(smallWat, 'set_size_past_off_t', traced)).errno).toBe(Errno.INVAL);
    expect((await call(smallWat, 'set_size_past_host', traced)).errno).toBe(Errno.FBIG);
    expect((await call(smallWat, 'allocate_past_host', traced)).errno).toBe(Errno.NOTSUP);
    expect((await call(smallWat, 'allocate_past_off_t', traced)).errno).toBe(Errno.NOTSUP);
    expect((await call(smallWat, 'advise_past_off_t', traced)).errno).toBe(Errno.INVAL);
    fileIsUntouched();
  });

  it.each(['path_len_all_ones', 'path_len_2_31'])('%s: path_open with a path past memory is a clean trap', async (name) => {
    const sink = collect();
    writeFileSync(path.join(grant, 'file.txt'), CONTENT);
    const run = runFile(smallWat, { preopens: { '/g': grant }, invoke: { name, args: [] }, ...(traced ? { trace: sink } : {}) });
    await expect(run).rejects.toMatchObject({ name: 'GuestTrap', message: expect.stringMatching(/out-of-bounds pointer .* in path_open/) });
    if (traced) expect(sink.lines).toEqual([expect.stringMatching(/^path_open\(fd=3, dirflags=SYMLINK_FOLLOW, path=<out of bounds>, .* -> trap: out-of-bounds pointer/)]);
  });

  it('a leading U+FEFF in a guest path is kept: the file created is "\\uFEFFhello.txt", not "hello.txt"', async () => {
    expect((await call(smallWat, 'create_bom_name', traced)).errno).toBe(0);
    expect(readdirSync(grant)).toContain('\uFEFFhello.txt');
    expect(readdirSync(grant)).not.toContain('hello.txt');
  });

  it.each(['dotdot_of_dot', 'dotdot_of_sub_dotdot'])('%s: fd_readdir lists .. without the inode of the host directory above the grant', async (name) => {
    const { errno, value } = await call(smallWat, name, traced);
    expect(errno).toBe(0);
    expect(value).not.toBe(BigInt(lstatSync(root).ino));
    expect(value).toBe(BigInt(lstatSync(grant).ino));
  });

  it('/dev/null as stdout is not a terminal: fd_fdstat_get(1) reports UNKNOWN, so isatty(1) is 0', async () => {
    const devNull = openSync('/dev/null', 'w');
    try {
      expect(await call(smallWat, 'stdout_filetype', traced, { stdout: devNull })).toMatchObject({ errno: 0, value: 0n });
    } finally {
      closeSync(devNull);
    }
  });

  it('iovecs of 2^31 bytes or more: one transfer is clamped to 0x7ffff000 like Linux, on files, stdout and stdin', async () => {
    expect(await call(bigWat, 'read_2g_file', traced)).toMatchObject({ errno: 0, value: 10n });
    expect(await call(bigWat, 'pread_2g_file', traced)).toMatchObject({ errno: 0, value: 8n });
    expect((await call(bigWat, 'pwrite_2g_near_max', traced)).errno).toBe(Errno.FBIG);
    fileIsUntouched();
    const devNull = openSync('/dev/null', 'w');
    try {
      expect(await call(bigWat, 'write_2g_stdout', traced, { stdout: devNull })).toMatchObject({ errno: 0, value: 0x7fff_f000n });
      expect(await call(bigWat, 'write_3x1g_stdout', traced, { stdout: devNull })).toMatchObject({ errno: 0, value: 0x7fff_f000n });
    } finally {
      closeSync(devNull);
    }
    // stdin as a real pipe (a FIFO held open for writing too, so the read finds 5 bytes and returns).
    const fifo = path.join(root, `fifo-${String(traced)}`);
    execFileSync('mkfifo', [fifo]);
    const stdin = openSync(fifo, 'r+');
    try {
      writeSync(stdin, 'hello');
      expect(await call(bigWat, 'read_2g_stdin', traced, { stdin })).toMatchObject({ errno: 0, value: 5n });
    } finally {
      closeSync(stdin);
    }
  });
});
