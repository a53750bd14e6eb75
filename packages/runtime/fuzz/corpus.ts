import { Fstflags, Oflags, Whence } from '../src/preview1/spec.js';
import { type FuzzCall, type FuzzCase, Region } from './case.js';

// The seed corpus: issue 11's cases as call sequences, run first (traced and not) before random ones.

const encoder = new TextEncoder();
const RW = 3;
const RO = 4;
const OPENED = Region.OUT; // path_open writes the new fd here
const OUT = Region.OUT + 64;
const FILE_RIGHTS = 0x8e0_01ffn;

function open(dir: number, path: string | Uint8Array, oflags = 0, rights = FILE_RIGHTS): FuzzCall {
  const bytes = typeof path === 'string' ? encoder.encode(path) : path;
  return { name: 'path_open', args: [dir, 1, Region.PATHS, bytes.length, oflags, rights, rights, 0, OPENED], writes: [{ at: Region.PATHS, bytes }] };
}

/** An iovec array of the given lengths over the buffer region. */
function iovecs(lengths: number[]): { at: number; bytes: Uint8Array } {
  const view = new DataView(new ArrayBuffer(lengths.length * 8));
  lengths.forEach((len, i) => {
    view.setUint32(i * 8, Region.BUFFERS, true);
    view.setUint32(i * 8 + 4, len, true);
  });
  return { at: Region.ARRAYS, bytes: new Uint8Array(view.buffer) };
}

/** The fd the first path_open of a case returns: 5 (0–2 stdio, 3 and 4 the grants). */
const FIRST = 5;

const write = (fd: number, lengths: number[]): FuzzCall => ({ name: 'fd_write', args: [fd, Region.ARRAYS, lengths.length, OUT], writes: [iovecs(lengths)] });
const read = (fd: number, lengths: number[]): FuzzCall => ({ name: 'fd_read', args: [fd, Region.ARRAYS, lengths.length, OUT], writes: [iovecs(lengths)] });
const pwrite = (fd: number, lengths: number[], offset: bigint): FuzzCall => ({ name: 'fd_pwrite', args: [fd, Region.ARRAYS, lengths.length, offset, OUT], writes: [iovecs(lengths)] });
const pread = (fd: number, lengths: number[], offset: bigint): FuzzCall => ({ name: 'fd_pread', args: [fd, Region.ARRAYS, lengths.length, offset, OUT], writes: [iovecs(lengths)] });
const seek = (fd: number, offset: bigint, whence: number): FuzzCall => ({ name: 'fd_seek', args: [fd, offset, whence, OUT], writes: [] });
const readdir = (fd: number): FuzzCall => ({ name: 'fd_readdir', args: [fd, Region.BUFFERS, 4096, 0n, OUT], writes: [] });

const SEEDS: [label: string, calls: FuzzCall[]][] = [
  ['write after fd_seek to 2^53-2', [open(RW, 'a.txt'), seek(FIRST, (1n << 53n) - 2n, Whence.SET), write(FIRST, [2, 2])]],
  ['fd_pwrite of two iovecs at 2^53-1', [open(RW, 'a.txt'), pwrite(FIRST, [2, 2], (1n << 53n) - 1n)]],
  ['fd_pread at 2^53 and 2^63', [open(RW, 'a.txt'), pread(FIRST, [16], 1n << 53n), pread(FIRST, [16], 1n << 63n)]],
  ['iovec lengths of 2^31 and more on a file, stdout and stdin', [open(RW, 'a.txt'), read(FIRST, [0x8000_0000]), write(1, [0x7fff_ffff, 0x7fff_ffff]), read(0, [0xffff_ffff])]],
  ['fd_filestat_set_size and fd_allocate past the host', [
    open(RW, 'a.txt'),
    { name: 'fd_filestat_set_size', args: [FIRST, -1n], writes: [] },
    { name: 'fd_filestat_set_size', args: [FIRST, 1n << 60n], writes: [] },
    { name: 'fd_allocate', args: [FIRST, 1n << 62n, 1n << 62n], writes: [] },
    { name: 'fd_allocate', args: [FIRST, -1n, 1n], writes: [] },
  ]],
  ['path_open with path_len 0xffffffff', [{ name: 'path_open', args: [RW, 1, Region.PATHS, -1, 0, 2n, 0n, 0, OPENED], writes: [] }]],
  ['path_open with path_len 0x80000000', [{ name: 'path_open', args: [RW, 1, Region.PATHS, 0x8000_0000, 0, 2n, 0n, 0, OPENED], writes: [] }]],
  ['a leading U+FEFF in a path', [open(RW, '\uFEFFa.txt', Oflags.CREAT)]],
  ['fd_readdir on the grant reopened as . and sub/..', [open(RW, '.', Oflags.DIRECTORY, 0x4000n), readdir(FIRST), open(RO, 'sub/..', Oflags.DIRECTORY, 0x4000n), readdir(FIRST + 1)]],
  ['nanosecond times through an fd and a path', [
    open(RW, 'a.txt'),
    { name: 'fd_filestat_set_times', args: [FIRST, 1_600_000_000_123_456_789n, 1_500_000_000_987_654_321n, Fstflags.ATIM | Fstflags.MTIM], writes: [] },
    { name: 'path_filestat_set_times', args: [RW, 0, Region.PATHS, 7, 1n, 1_500_000_000_000_000_001n, Fstflags.MTIM], writes: [{ at: Region.PATHS, bytes: encoder.encode('link-in') }] },
    { name: 'path_filestat_set_times', args: [RO, 1, Region.PATHS, 5, 1n, 1_500_000_000_000_000_001n, Fstflags.MTIM], writes: [{ at: Region.PATHS, bytes: encoder.encode('c.txt') }] },
  ]],
  ['stdout fdstat and filestat', [{ name: 'fd_fdstat_get', args: [1, OUT], writes: [] }, { name: 'fd_filestat_get', args: [1, OUT], writes: [] }]],
  ['links out of the grants', [open(RW, 'link-out'), open(RW, 'link-abs'), open(RW, 'sub/link-up-up/outside/secret.txt'), open(RO, 'link-out-dir/secret.txt')]],
];

/** Every seed, untraced and traced, and through wasi_unstable (where whence 0 is CUR): a label and the calls. */
export function seedCases(): FuzzCase[] {
  const variants = [[false, false], [true, false], [false, true]] as const;
  return variants.flatMap(([traced, unstable]) =>
    SEEDS.map(([label, calls]) => ({ label: `seed: ${label}${traced ? ' (traced)' : ''}${unstable ? ' (wasi_unstable)' : ''}`, traced, unstable, calls })),
  );
}
