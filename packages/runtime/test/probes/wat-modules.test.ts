import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runGuest } from '../helpers/run-guest.js';
import { makeSandbox, type SandboxLayout } from '../helpers/sandbox-layout.js';
import { watModule } from '../helpers/wat.js';

describe('hand-written WAT guests: ABI layouts, both namespaces, traps', () => {
  let sb: SandboxLayout;
  beforeEach(async () => {
    sb = await makeSandbox();
  });
  afterEach(() => sb.remove());

  it('wasi_unstable: whence CUR=0/END=1/SET=2 and the 56-byte filestat (u32 nlink at 20, size at 24)', async () => {
    await runGuest({ module: await watModule('unstable-seek-filestat'), preopens: { '/sb': sb.root }, expectStdout: 'unstable ok\n' });
  });

  it('wasi_snapshot_preview1: whence SET=0/CUR=1/END=2 and the 64-byte filestat (u64 nlink at 24, size at 32)', async () => {
    await runGuest({ module: await watModule('preview1-seek-filestat'), preopens: { '/sb': sb.root }, expectStdout: 'preview1 ok\n' });
  });

  it('wasi_unstable poll_oneoff: 56-byte subscriptions with the clock identifier; the 30 ms clock fires after 30 ms', async () => {
    await runGuest({ module: await watModule('unstable-poll-clock'), expectStdout: 'unstable poll ok\n' });
  });

  it('wasi_unstable fd_write gathers iovecs and answers EBADF (8) for an unknown fd', async () => {
    await runGuest({ module: await watModule('unstable-fd-write-errno'), expectStdout: 'abcd\n', expectExit: 8 });
  });

  it.each(['fault-iovec-array', 'fault-iovec-buffer'])('%s: an out-of-bounds pointer is EFAULT (wasmtime) or a trap, and writes nothing', async (name) => {
    const out = await runGuest({ module: await watModule(name), expectExit: null });
    expect([21, 134]).toContain(out.exitCode);
    expect(out.stdout).toBe('');
  });

  it('an unreachable trap rejects with GuestTrap: exit code 134, one line naming the trap', async () => {
    const out = await runGuest({ module: await watModule('trap-unreachable'), expectExit: 134 });
    if (process.env.WASI_KIT_TEST_HOST !== 'node') {
      expect(out.trap).toMatch(/unreachable/i);
      expect(out.trap).not.toContain('\n');
    }
  });

  it('an out-of-bounds load is a trap too (exit 134), not an errno', async () => {
    const out = await runGuest({ module: await watModule('trap-out-of-bounds'), expectExit: 134 });
    if (process.env.WASI_KIT_TEST_HOST !== 'node') expect(out.trap).toMatch(/out of bounds/i);
  });
});
