import { execFileSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/index.js';
import { nativeAddon } from '../../src/fs/native-addon.js';
import { buildProbes, probeWasm } from '../helpers/probes.js';
import { runGuest } from '../helpers/run-guest.js';
import { tempDir } from '../preview1/harness.js';

describe('poll_oneoff', () => {
  beforeAll(() => buildProbes().then(() => undefined));

  it('a relative clock subscription really sleeps at least its timeout and reports the clock event', async () => {
    const timeoutMs = 150;
    const started = performance.now();
    const { stdout } = await runGuest({ module: 'poll-sleep', args: [String(timeoutMs * 1_000_000)] });
    const hostElapsed = performance.now() - started;
    const match = /^ok events=1 userdata=0x5eed error=0 type=0 elapsed=(\d+)\n$/.exec(stdout);
    expect(match, stdout).not.toBeNull();
    // Lower bounds only: sleeping less than asked is the bug; sleeping longer is scheduling.
    expect(Number(match![1]) / 1e6, 'guest-measured sleep (ms)').toBeGreaterThanOrEqual(timeoutMs);
    expect(hostElapsed, 'host-measured run (ms)').toBeGreaterThanOrEqual(timeoutMs);
  });

  it('an absolute realtime subscription sleeps until its deadline', async () => {
    const started = performance.now();
    const { stdout } = await runGuest({ module: 'poll-sleep', args: ['abs', String(120 * 1_000_000)] });
    expect(stdout).toMatch(/^ok events=1 userdata=0x5eed error=0 type=0 elapsed=\d+\n$/);
    expect(performance.now() - started, 'host-measured run (ms)').toBeGreaterThanOrEqual(100);
  });

  it('an fd_read subscription on stdin with data is ready at once: the fd event comes, not the 5 s clock', async () => {
    await runGuest({ module: 'poll-sleep', args: ['fd', '0'], stdin: 'data waiting', expectStdout: 'ok events=1 userdata=0xf0 error=0 type=1\n' });
  });

  // poll(2) comes from the addon; without it (WASI_KIT_NATIVE=0) stdin is reported ready at once.
  it.skipIf(nativeAddon === undefined)('an fd_read subscription on stdin from a pipe with nothing in it waits: the clock fires first, as in wasmtime', async () => {
    // A FIFO opened for reading and writing: nothing in it, and never at its end (a writer is open).
    const fifo = path.join(tempDir('poll-stdin'), 'stdin');
    execFileSync('mkfifo', [fifo]);
    const stdin = openSync(fifo, 'r+');
    try {
      const poll = async (clockNs: string) => (await run(await probeWasm('poll-sleep'), { args: ['poll-sleep', 'fd', '0', clockNs], stdin, capture: true })).stdout;
      expect(await poll('100000000')).toBe('ok events=1 userdata=0xc0 error=0 type=0\n');
      // Control: once the pipe holds data, the fd event comes instead. (Its clock is far off: a
      // guest held off the CPU past a 100 ms one would rightly see that clock fire as well.)
      writeSync(stdin, 'x');
      expect(await poll('5000000000')).toBe('ok events=1 userdata=0xf0 error=0 type=1\n');
    } finally {
      closeSync(stdin);
    }
  });

  // node:wasi never returns from this poll, and a synchronous guest cannot be timed out.
  it.skipIf(process.env.WASI_KIT_TEST_HOST === 'node')('every subscription already due is reported in one call', async () => {
    await runGuest({ module: 'poll-sleep', args: ['due'], expectStdout: 'ok events=2 userdata=[1, 2]\n' });
  });

  it('zero subscriptions is EINVAL', async () => {
    await runGuest({ module: 'poll-sleep', args: ['empty'], expectStdout: 'EINVAL\n' });
  });
});
