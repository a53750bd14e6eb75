import { ENUM_VALUES, FLAG_BITS, isEnumKind, isFlagKind, type ParamKind, PREVIEW1_ABI, type Preview1Name, signatureOf } from '../src/preview1/abi.js';
import { ALL_RIGHTS, Fdflags, Oflags, Rights, Subscription } from '../src/preview1/spec.js';
import { type FuzzCall, type MemoryWrite, MEMORY_BYTES, Region } from './case.js';

/** A small seeded PRNG (mulberry32), so a seed names a run exactly. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }
}

const U32_EDGES = [0, 1, 2, 7, 8, 24, 64, 255, 4096, 0x7fff_f000, 0x7fff_ffff, 0x8000_0000, 0xffff_fffe, 0xffff_ffff];
const U64_EDGES = [
  0n, 1n, 2n, 10n, 4096n, (1n << 31n) - 1n, 1n << 31n, 1n << 32n, (1n << 53n) - 2n, (1n << 53n) - 1n, 1n << 53n, (1n << 53n) + 1n,
  1n << 62n, (1n << 63n) - 1n, 1n << 63n, (1n << 64n) - 1n, 1_600_000_000_123_456_789n,
];

/** Guest paths worth trying: inside, outside by every route, odd bytes. */
const PATHS = [
  'a.txt', 'c.txt', 'sub', 'sub/inner.txt', 'sub/', '.', '..', '', '/', '/etc/passwd', 'link-in', 'link-sub/inner.txt',
  'link-out', 'link-out-dir/secret.txt', 'link-abs', 'sub/link-up/a.txt', 'sub/link-up-up/outside/secret.txt', 'link-loop',
  'link-dangling', '../outside/secret.txt', 'sub/../../outside/secret.txt', 'sub/../a.txt', './a.txt', 'a.txt/', 'new.txt',
  'sub/new', 'newdir', '\uFEFFa.txt', 'a\u0000b', 'sub/./inner.txt', '../rw/a.txt', '../ro/c.txt', 'x'.repeat(300),
  `${'d/'.repeat(40)}x`, 'link-out/..', '\u001b]0;title\u0007', '.\uFEFF',
];
/** Paths that name something inside a grant (or something new there). */
const INSIDE_PATHS = ['a.txt', 'c.txt', 'sub', 'sub/inner.txt', '.', 'link-in', 'link-sub', 'link-sub/inner.txt', 'sub/link-up/a.txt', 'new.txt', 'sub/new.txt', '\uFEFFa.txt'];
const encoder = new TextEncoder();
const RAW_PATHS: Uint8Array[] = [
  ...PATHS.map((text) => encoder.encode(text)),
  Uint8Array.of(0xff, 0xfe, 0x61), // invalid UTF-8
  Uint8Array.of(0xc0, 0xaf), // overlong "/"
  Uint8Array.of(0xed, 0xa0, 0x80), // a surrogate
];

/** Generates calls from the ABI table, with the fds a case has opened so far. */
export class CallGenerator {
  readonly fds = [0, 1, 2, 3, 4];
  private readonly names: Preview1Name[];

  constructor(private readonly random: Random, unstable = false) {
    this.names = (Object.keys(PREVIEW1_ABI) as Preview1Name[]).filter((name) => !unstable || name !== 'sock_accept');
  }

  next(): FuzzCall {
    const random = this.random;
    // path_open and fd I/O often, so sequences reach deep states; proc_exit rarely (it ends the case).
    let name = random.chance(0.25) ? random.pick(['path_open', 'fd_write', 'fd_read', 'fd_seek', 'fd_pwrite', 'fd_pread', 'fd_readdir'] as const) : random.pick(this.names);
    if (name === 'proc_exit' && random.chance(0.8)) name = 'sched_yield';
    if (name === 'path_open' && random.chance(0.6)) return this.plausibleOpen();
    return this.call(name);
  }

  /** A path_open a real guest would make (so later calls work on open files and directories). */
  private plausibleOpen(): FuzzCall {
    const random = this.random;
    const bytes = encoder.encode(random.pick(INSIDE_PATHS));
    const at = Region.PATHS;
    const directory = random.chance(0.3);
    const oflags = directory ? Oflags.DIRECTORY : random.pick([0, 0, Oflags.CREAT, Oflags.TRUNC, Oflags.CREAT | Oflags.EXCL]);
    // Rights only choose the access mode (a directory opened for writing is EISDIR).
    const rights = BigInt(directory ? random.pick([0, Rights.FD_READ]) : random.pick([0, Rights.FD_READ, Rights.FD_WRITE, Rights.FD_READ | Rights.FD_WRITE]));
    const inheriting = BigInt(ALL_RIGHTS);
    return {
      name: 'path_open',
      args: [random.pick([3, 4, ...this.fds.slice(5)]), 1, at, bytes.length, oflags, rights, inheriting, random.chance(0.8) ? 0 : Fdflags.APPEND, Region.OUT],
      writes: [{ at, bytes }],
    };
  }

  call(name: Preview1Name): FuzzCall {
    const writes: MemoryWrite[] = [];
    const args: (number | bigint)[] = [];
    for (const { kind } of signatureOf(name)!.params) args.push(...this.value(name, kind, writes));
    return { name, args, writes };
  }

  /** Records an fd a call returned, so later calls use it. */
  opened(fd: number): void {
    if (!this.fds.includes(fd)) this.fds.push(fd);
  }

  private value(name: Preview1Name, kind: ParamKind, writes: MemoryWrite[]): (number | bigint)[] {
    const random = this.random;
    switch (kind) {
      case 'fd': {
        // Mostly what the case opened (deeper states), the grants for path calls, sometimes anything.
        const opened = this.fds.slice(5);
        if (opened.length > 0 && random.chance(0.5)) return [random.pick(opened)];
        if (random.chance(0.5)) return [random.pick([3, 4])];
        return [random.chance(0.8) ? random.pick(this.fds) : random.pick([5, 9, 64, 1023, 0x7fff_ffff, -1])];
      }
      case 'u32':
        // poll's nsubscriptions: small counts mostly, so its subscriptions are the ones laid out.
        return [name === 'poll_oneoff' && random.chance(0.9) ? random.below(4) : random.chance(0.5) ? random.below(300) : random.pick(U32_EDGES)];
      case 'u64':
      case 's64':
        return [random.chance(0.4) ? BigInt(random.below(100)) : random.chance(0.9) ? random.pick(U64_EDGES) : BigInt(Math.floor(random.next() * 2 ** 53)) << BigInt(random.below(12))];
      case 'rights':
        return [random.chance(0.5) ? (1n << 30n) - 1n : random.chance(0.5) ? BigInt(random.below(1 << 30)) : random.pick([0n, -1n, 1n << 40n, 2n])];
      case 'ptr':
        if (name === 'poll_oneoff') return [this.subscriptions(writes)];
        return [this.pointer(8, 64)];
      case 'outU16':
        return [this.pointer(2, 2)];
      case 'outU32':
      case 'outFd':
        return [this.pointer(4, 4)];
      case 'outU64':
        return [this.pointer(8, 8)];
      case 'outFdstat':
        return [this.pointer(8, 24)];
      case 'outFilestat':
        return [this.pointer(8, 64)];
      case 'outPrestat':
        return [this.pointer(4, 8)];
      case 'path':
        return this.path(writes);
      case 'iovs':
        return this.iovecs(writes);
      case 'outBuffer':
      case 'outString': {
        const len = random.chance(0.8) ? random.below(600) : random.pick(U32_EDGES);
        return [random.chance(0.9) ? Region.BUFFERS + random.below(4096) : this.pointer(1, 1), len];
      }
      default:
        if (isFlagKind(kind)) {
          const bits = FLAG_BITS[kind].length;
          return [random.chance(0.9) ? random.below(1 << bits) : random.pick([1 << bits, 0xffff, -1, 0x8000_0000])];
        }
        if (isEnumKind(kind)) {
          const count = ENUM_VALUES[kind].length;
          return [random.chance(0.9) ? random.below(count) : random.pick([count, 255, -1])];
        }
        return [random.below(1000)];
    }
  }

  /** A pointer for `size` bytes: aligned in the out region mostly; sometimes misaligned, at the end, or past it. */
  private pointer(align: number, size: number): number {
    const random = this.random;
    if (random.chance(0.85)) return Region.OUT + random.below(1024 / 8 - 8) * 8;
    return random.pick([0, 1, align > 1 ? Region.OUT + 1 : 3, MEMORY_BYTES - size, MEMORY_BYTES - size + 1, MEMORY_BYTES, -size, -1, 0x8000_0000]);
  }

  private path(writes: MemoryWrite[]): number[] {
    const random = this.random;
    const bytes = random.pick(RAW_PATHS);
    const at = Region.PATHS + random.below(8) * 512;
    writes.push({ at, bytes });
    if (random.chance(0.9)) return [at, bytes.length];
    // Lengths and pointers past memory: the call must trap or fail cleanly, traced or not.
    return random.pick([[at, 0xffff_ffff], [at, 0x8000_0000], [at, MEMORY_BYTES], [MEMORY_BYTES - 1, 2], [-1, 1], [at, bytes.length + 1]]);
  }

  private iovecs(writes: MemoryWrite[]): number[] {
    const random = this.random;
    const count = random.chance(0.9) ? random.below(4) : random.pick([0, 64, 0x1000_0000, 0xffff_ffff]);
    const at = Region.ARRAYS + random.below(64) * 8;
    const laid = Math.min(count, 16);
    const array = new DataView(new ArrayBuffer(laid * 8));
    for (let i = 0; i < laid; i++) {
      const buf = random.chance(0.9) ? Region.BUFFERS + random.below(8192) : random.pick([0, MEMORY_BYTES - 1, MEMORY_BYTES, 0xffff_ffff]);
      const len = random.chance(0.8) ? random.below(2048) : random.pick(U32_EDGES);
      array.setUint32(i * 8, buf, true);
      array.setUint32(i * 8 + 4, len, true);
    }
    writes.push({ at, bytes: new Uint8Array(array.buffer) });
    return [random.chance(0.95) ? at : random.pick([at + 1, MEMORY_BYTES - 4, -8]), count];
  }

  /**
   * poll_oneoff subscriptions: clocks of at most 1 ms (a guest asking for a long sleep gets one,
   * which is not a hang) and fd reads/writes on the case's fds.
   */
  private subscriptions(writes: MemoryWrite[]): number {
    const random = this.random;
    const at = Region.ARRAYS + 4096;
    const bytes = new Uint8Array(4 * Subscription.SIZE);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < 4; i++) {
      const base = i * Subscription.SIZE;
      const tag = random.below(3);
      view.setBigUint64(base + Subscription.USERDATA, BigInt(i), true);
      view.setUint8(base + Subscription.TAG, random.chance(0.95) ? tag : 7);
      if (tag === 0) {
        view.setUint32(base + Subscription.CLOCK_ID, random.chance(0.9) ? random.below(2) : random.below(8), true);
        view.setBigUint64(base + Subscription.CLOCK_TIMEOUT, BigInt(random.below(1_000_000)), true);
        view.setUint16(base + Subscription.CLOCK_FLAGS, random.chance(0.9) ? 0 : random.below(4), true);
      } else {
        // stdin (0) is empty in-memory input: polling it is ready at once.
        view.setUint32(base + Subscription.FD, random.pick(this.fds), true);
      }
    }
    writes.push({ at, bytes });
    return at;
  }
}
