import { describe, expect, it } from 'vitest';
import { createContext } from '../src/context.js';
import { bindSyscall } from '../src/dispatch.js';
import { HostBug, Trap, WasiError } from '../src/failures.js';
import { Errno } from '../src/preview1/spec.js';
import { StdioStream } from '../src/fd/stdio.js';
import { Guest } from './preview1/harness.js';

function context() {
  const ctx = createContext([], [], [StdioStream.fromSource(''), StdioStream.toSink('capture'), StdioStream.toSink('capture')] as const);
  ctx.memory.attach(new WebAssembly.Memory({ initial: 1 }));
  return ctx;
}

describe('the failure boundary (one rule for what a handler throws)', () => {
  it('a WasiError and a Node system error become errnos; a Trap propagates tagged with the syscall', () => {
    const ctx = context();
    expect(bindSyscall(ctx, 'fd_close', () => { throw new WasiError(Errno.BADF); })(9)).toBe(Errno.BADF);
    const enoent = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT', syscall: 'open' });
    expect(bindSyscall(ctx, 'fd_close', () => { throw enoent; })(9)).toBe(Errno.NOENT);
    expect(() => bindSyscall(ctx, 'fd_close', () => { throw new Trap('out-of-bounds pointer 0x0 (+8)'); })(9)).toThrow(/out-of-bounds pointer 0x0 \(\+8\) in fd_close/);
  });

  it('anything else is a HostBug naming the syscall, with the original error as its cause', () => {
    const ctx = context();
    const bug = new RangeError('The value of "length" is out of range');
    let thrown: unknown;
    try {
      bindSyscall(ctx, 'fd_read', () => { throw bug; })(0, 0, 0, 0);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(HostBug);
    expect(thrown).toMatchObject({ message: 'wasi-kit bug in fd_read: The value of "length" is out of range', syscall: 'fd_read', cause: bug });
  });
});

describe('flag and enum arguments, checked from the ABI table before the handler (as wiggle does)', () => {
  it.each([
    ['path_open with an oflags bit witx does not define', (g: Guest) => g.wasi1.path_open(3, 1, 0, 0, 0x10, 0n, 0n, 0, 0)],
    ['path_open with an unknown fdflags bit', (g: Guest) => g.wasi1.path_open(3, 1, 0, 0, 0, 0n, 0n, 0x20, 0)],
    ['path_filestat_get with an unknown lookupflags bit', (g: Guest) => g.wasi1.path_filestat_get(3, 2, 0, 0, 0)],
    ['clock_time_get of clock 4', (g: Guest) => g.wasi1.clock_time_get(4, 0n, 0)],
    ['fd_advise with advice 6', (g: Guest) => g.wasi1.fd_advise(0, 0n, 0n, 6)],
    ['fd_seek with whence 3', (g: Guest) => g.wasi1.fd_seek(0, 0n, 3, 0)],
    ['sock_shutdown with an sdflags bit past WR', (g: Guest) => g.wasi1.sock_shutdown(0, 4)],
    ['proc_raise of signal 31', (g: Guest) => g.wasi1.proc_raise(31)],
    ['fd_filestat_set_times with an fstflags bit past MTIM_NOW', (g: Guest) => g.wasi1.fd_filestat_set_times(1, 0n, 0n, 16)],
  ])('%s is EINVAL, even on an fd that does not exist', (_, call) => {
    expect(call(new Guest())).toBe(Errno.INVAL);
  });
});
