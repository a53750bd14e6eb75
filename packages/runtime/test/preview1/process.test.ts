import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Errno, ProcExit } from '../../src/index.js';
import { Eventrwflags } from '../../src/preview1/spec.js';
import { Guest } from './harness.js';

describe('args, environ, clocks, random, proc, sched and sock', () => {
  it('args_sizes_get / args_get lay out NUL-terminated UTF-8 strings', () => {
    const guest = new Guest({ args: ['prog', 'héllo', ''] });
    const counts = guest.alloc(8);
    expect(guest.wasi1.args_sizes_get(counts, counts + 4)).toBe(Errno.SUCCESS);
    expect(guest.u32(counts)).toBe(3);
    expect(guest.u32(counts + 4)).toBe(5 + 7 + 1);
    const argv = guest.alloc(12);
    const buf = guest.alloc(13);
    expect(guest.wasi1.args_get(argv, buf)).toBe(Errno.SUCCESS);
    expect(guest.u32(argv)).toBe(buf);
    expect(guest.u32(argv + 4)).toBe(buf + 5);
    expect(guest.bytesAt(buf, 13).toString()).toBe('prog\0héllo\0\0');
  });

  it('environ_sizes_get / environ_get give KEY=value pairs', () => {
    const guest = new Guest({ env: { A: '1', PATH: '/x' } });
    const counts = guest.alloc(8);
    expect(guest.wasi1.environ_sizes_get(counts, counts + 4)).toBe(Errno.SUCCESS);
    expect([guest.u32(counts), guest.u32(counts + 4)]).toEqual([2, 4 + 8]);
    const list = guest.alloc(8);
    const buf = guest.alloc(12);
    expect(guest.wasi1.environ_get(list, buf)).toBe(Errno.SUCCESS);
    expect(guest.bytesAt(buf, 12).toString()).toBe('A=1\0PATH=/x\0');
  });

  it('clocks: realtime is wall time, monotonic never goes back, cputime moves; unknown ids are EINVAL', () => {
    const guest = new Guest();
    const t = guest.alloc(8);
    expect(guest.wasi1.clock_time_get(0, 0n, t)).toBe(Errno.SUCCESS);
    expect(Number(guest.u64(t) / 1_000_000n)).toBeGreaterThan(Date.now() - 5000);
    expect(guest.wasi1.clock_time_get(1, 0n, t)).toBe(Errno.SUCCESS);
    const first = guest.u64(t);
    expect(guest.wasi1.clock_time_get(1, 0n, t)).toBe(Errno.SUCCESS);
    expect(guest.u64(t)).toBeGreaterThanOrEqual(first);
    expect(guest.wasi1.clock_time_get(2, 0n, t)).toBe(Errno.SUCCESS);
    expect(guest.u64(t)).toBeGreaterThan(0n);
    expect(guest.wasi1.clock_time_get(3, 0n, t)).toBe(Errno.SUCCESS);
    expect(guest.wasi1.clock_time_get(4, 0n, t)).toBe(Errno.INVAL);
    expect(guest.wasi1.clock_res_get(1, t)).toBe(Errno.SUCCESS);
    expect(guest.u64(t)).toBeGreaterThan(0n);
    expect(guest.wasi1.clock_res_get(9, t)).toBe(Errno.INVAL);
    expect(() => guest.wasi1.clock_time_get(0, 0n, t + 4)).toThrow(/misaligned/);
  });

  it('random_get fills large buffers (beyond one 64 KiB chunk)', () => {
    const guest = new Guest();
    const size = 200_000;
    const buf = guest.alloc(size);
    expect(guest.wasi1.random_get(buf, size)).toBe(Errno.SUCCESS);
    const bytes = guest.bytesAt(buf, size);
    expect(bytes.subarray(size - 1000).some((b) => b !== 0)).toBe(true);
    expect(new Set(bytes.subarray(0, 4096)).size).toBeGreaterThan(200);
  });

  it('random_get hands out fresh bytes to every small call, also across the host pool refilling (1,000 × 16 bytes)', () => {
    const guest = new Guest();
    const buf = guest.alloc(16);
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      expect(guest.wasi1.random_get(buf, 16)).toBe(Errno.SUCCESS);
      seen.add(guest.bytesAt(buf, 16).toString('hex'));
    }
    // 128 random bits each: a repeat means bytes were handed out twice (or a zeroed pool).
    expect(seen.size).toBe(1000);
    expect(seen.has('0'.repeat(32))).toBe(false);
  });

  it("random_get of zero bytes succeeds as a process's first random call (wasi-testsuite's random_get-zero-length)", async () => {
    vi.resetModules();
    const { fillRandom } = await import('../../src/preview1/random.js');
    expect(() => fillRandom(new Uint8Array(0))).not.toThrow();
    const bytes = new Uint8Array(16);
    fillRandom(bytes);
    expect(bytes.some((byte) => byte !== 0)).toBe(true);
  });

  it('proc_exit unwinds with ProcExit; proc_raise is ENOTSUP; sched_yield succeeds', () => {
    const guest = new Guest();
    expect(() => guest.wasi1.proc_exit(7)).toThrow(ProcExit);
    expect(guest.wasi1.proc_raise(6)).toBe(Errno.NOTSUP);
    expect(guest.wasi1.proc_raise(99)).toBe(Errno.INVAL);
    expect(guest.wasi1.sched_yield()).toBe(Errno.SUCCESS);
  });

  it('sock_* calls: ENOTSOCK on an open descriptor (nothing is ever a socket), EBADF on a closed one', () => {
    const guest = new Guest();
    const out = guest.alloc(8);
    expect(guest.wasi1.sock_accept(1, 0, out)).toBe(Errno.NOTSOCK);
    expect(guest.wasi1.sock_recv(0, out, 0, 0, out, out + 4)).toBe(Errno.NOTSOCK);
    expect(guest.wasi1.sock_send(1, out, 0, 0, out)).toBe(Errno.NOTSOCK);
    expect(guest.wasi1.sock_shutdown(9, 1)).toBe(Errno.BADF);
  });
});

describe('poll_oneoff', () => {
  const clockSub = (guest: Guest, at: number, userdata: bigint, timeoutNs: bigint, abstime = false) => {
    guest.view.setBigUint64(at, userdata, true);
    guest.view.setUint8(at + 8, 0);
    guest.view.setUint32(at + 16, 1, true);
    guest.view.setBigUint64(at + 24, timeoutNs, true);
    guest.view.setUint16(at + 40, abstime ? 1 : 0, true);
  };

  it('a relative clock subscription really sleeps, and reports the earliest clock only', () => {
    const guest = new Guest();
    const subs = guest.alloc(96);
    const events = guest.alloc(64);
    const nevents = guest.alloc(4);
    clockSub(guest, subs, 1n, 30_000_000n);
    clockSub(guest, subs + 48, 2n, 10_000_000_000n);
    const started = process.hrtime.bigint();
    expect(guest.wasi1.poll_oneoff(subs, events, 2, nevents)).toBe(Errno.SUCCESS);
    expect(process.hrtime.bigint() - started).toBeGreaterThanOrEqual(29_000_000n);
    expect(guest.u32(nevents)).toBe(1);
    expect(guest.u64(events)).toBe(1n);
    expect(guest.view.getUint16(events + 8, true)).toBe(0);
  });

  it('absolute deadlines in the past fire at once, all of them', () => {
    const guest = new Guest();
    const subs = guest.alloc(96);
    const events = guest.alloc(64);
    const nevents = guest.alloc(4);
    clockSub(guest, subs, 5n, 1n, true);
    clockSub(guest, subs + 48, 6n, 2n, true);
    expect(guest.wasi1.poll_oneoff(subs, events, 2, nevents)).toBe(Errno.SUCCESS);
    expect(guest.u32(nevents)).toBe(2);
    expect([guest.u64(events), guest.u64(events + 32)]).toEqual([5n, 6n]);
  });

  it('fd subscriptions are ready at once with nbytes; zero subscriptions is EINVAL', () => {
    const guest = new Guest({ stdin: 'abc' });
    const subs = guest.alloc(48 * 2);
    const events = guest.alloc(32 * 2);
    const nevents = guest.alloc(4);
    clockSub(guest, subs, 1n, 60_000_000_000n);
    guest.view.setBigUint64(subs + 48, 2n, true);
    guest.view.setUint8(subs + 56, 1);
    guest.view.setUint32(subs + 64, 0, true);
    expect(guest.wasi1.poll_oneoff(subs, events, 2, nevents)).toBe(Errno.SUCCESS);
    expect(guest.u32(nevents)).toBe(1);
    expect(guest.u64(events)).toBe(2n);
    expect(guest.view.getUint16(events + 8, true)).toBe(Errno.SUCCESS);
    expect(guest.view.getUint8(events + 10)).toBe(1);
    expect(guest.u64(events + 16)).toBe(3n);
    expect(guest.wasi1.poll_oneoff(subs, events, 0, nevents)).toBe(Errno.INVAL);
  });

  it('a subscription that cannot be polled fails the whole call, as in wasmtime: EBADF for a bad fd, a directory or stdio the wrong way; EINVAL for a CPU-time clock', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wasi-kit-poll-'));
    const guest = new Guest({ preopens: { '/d': dir } });
    const subs = guest.alloc(48 * 2);
    const events = guest.alloc(32 * 2);
    const nevents = guest.alloc(4);
    const [FD_READ, FD_WRITE] = [1, 2];
    const pollFd = (tag: number, fd: number) => {
      clockSub(guest, subs, 1n, 0n);
      guest.view.setBigUint64(subs + 48, 2n, true);
      guest.view.setUint8(subs + 56, tag);
      guest.view.setUint32(subs + 64, fd, true);
      guest.view.setUint32(nevents, 7, true);
      return guest.wasi1.poll_oneoff(subs, events, 2, nevents);
    };
    expect(pollFd(FD_READ, 42)).toBe(Errno.BADF);
    expect(pollFd(FD_WRITE, 0xffff_ffff)).toBe(Errno.BADF);
    expect(pollFd(FD_READ, 3)).toBe(Errno.BADF);
    expect(pollFd(FD_WRITE, 0)).toBe(Errno.BADF);
    expect(pollFd(FD_READ, 1)).toBe(Errno.BADF);
    expect(guest.u32(nevents)).toBe(7);
    expect(pollFd(FD_WRITE, 2)).toBe(Errno.SUCCESS);
    for (const cputime of [2, 3, 4]) {
      clockSub(guest, subs, 1n, 0n);
      guest.view.setUint32(subs + 16, cputime, true);
      expect(guest.wasi1.poll_oneoff(subs, events, 1, nevents)).toBe(Errno.INVAL);
    }
  });

  it('a file read to its end reports FD_READWRITE_HANGUP, as wasmtime does (poll() says POLLHUP)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wasi-kit-poll-'));
    writeFileSync(path.join(dir, 'three'), 'abc');
    const guest = new Guest({ preopens: { '/d': dir } });
    const [errno, fd] = guest.open(3, 'three');
    expect(errno).toBe(Errno.SUCCESS);
    const poll = () => {
      const sub = guest.alloc(48);
      const event = guest.alloc(32);
      guest.view.setUint8(sub + 8, 1);
      guest.view.setUint32(sub + 16, fd, true);
      expect(guest.wasi1.poll_oneoff(sub, event, 1, guest.alloc(4))).toBe(Errno.SUCCESS);
      return { nbytes: guest.u64(event + 16), flags: guest.view.getUint16(event + 24, true) };
    };
    expect(poll()).toEqual({ nbytes: 3n, flags: 0 });
    expect(guest.read(fd, 3)).toEqual([Errno.SUCCESS, 'abc']);
    expect(poll()).toEqual({ nbytes: 0n, flags: Eventrwflags.FD_READWRITE_HANGUP });
  });
});
