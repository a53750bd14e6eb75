import { beforeAll, describe, expect, it } from 'vitest';
import { buildProbes } from '../helpers/probes.js';
import { runGuest } from '../helpers/run-guest.js';

describe('clocks and randomness', () => {
  beforeAll(() => buildProbes().then(() => undefined));

  it('clock_res_get/clock_time_get serve all four clock ids; an unknown id is EINVAL', async () => {
    const before = BigInt(Date.now()) * 1_000_000n;
    const { stdout } = await runGuest({ module: 'clocks' });
    const after = BigInt(Date.now()) * 1_000_000n;
    const lines = stdout.split('\n').slice(0, -1);
    expect(lines).toHaveLength(5);
    for (const [id, line] of lines.slice(0, 4).entries()) {
      const match = /^(\d) res=(\d+) time=(\d+) then=(\d+)$/.exec(line);
      expect(match, `clock ${id}: ${line}`).not.toBeNull();
      const [res, first, second] = match!.slice(2).map((m) => BigInt(m));
      expect(res, `clock ${id} resolution`).toBeGreaterThan(0n);
      expect(second, `clock ${id} went backwards`).toBeGreaterThanOrEqual(first!);
      // realtime is wall-clock nanoseconds since the epoch.
      if (id === 0) expect(first! >= before - 1_000_000_000n && first! <= after + 1_000_000_000n, `realtime ${first}`).toBe(true);
    }
    expect(lines[4]).toBe('4 res=EINVAL time=EINVAL');
  });

  it('random_get fills buffers with different, non-constant bytes', async () => {
    const { stdout } = await runGuest({ module: 'random', args: ['64'] });
    const [a, b] = stdout.split('\n');
    expect(a).toMatch(/^[0-9a-f]{128}$/);
    expect(b).toMatch(/^[0-9a-f]{128}$/);
    expect(a).not.toBe(b);
    expect(new Set(a!.match(/../g)).size, 'the same byte over and over').toBeGreaterThan(8);
  });

  it('random_get fills all of a 1 MiB buffer, past any 64 KiB host limit', async () => {
    const { stdout } = await runGuest({ module: 'random', args: [String(1 << 20)] });
    for (const line of stdout.split('\n').slice(0, -1)) {
      const match = /^distinct=(\d+) tail=(\d+)$/.exec(line);
      expect(match, line).not.toBeNull();
      expect(Number(match![1])).toBe(256);
      // 256 random bytes show ~162 distinct values; a zero-filled tail shows 1.
      expect(Number(match![2])).toBeGreaterThan(100);
    }
  });

  it('random_get with length 0 succeeds', async () => {
    await runGuest({ module: 'random', args: ['0'], expectStdout: ['', ''] });
  });
});
