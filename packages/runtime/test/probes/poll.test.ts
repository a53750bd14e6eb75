import { beforeAll, describe, expect, it } from 'vitest';
import { buildProbes } from '../helpers/probes.js';
import { runGuest } from '../helpers/run-guest.js';

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

  it('zero subscriptions is EINVAL', async () => {
    await runGuest({ module: 'poll-sleep', args: ['empty'], expectStdout: 'EINVAL\n' });
  });
});
