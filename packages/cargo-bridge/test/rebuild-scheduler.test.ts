import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRebuildScheduler } from '../src/rebuild-scheduler.js';

/** A job whose runs the test finishes by hand, recording what each was given and whether it was aborted. */
function controlledJob() {
  const runs: { changed: string[]; signal: AbortSignal; finish: () => void }[] = [];
  const job = (changed: string[], signal: AbortSignal) => new Promise<void>((resolve) => runs.push({ changed, signal, finish: resolve }));
  return { runs, job };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the rebuild scheduler', () => {
  it('coalesces a burst of changes into one job after the quiet time, with every file', async () => {
    const { runs, job } = controlledJob();
    const scheduler = createRebuildScheduler({ quietMs: 20, job, onError: () => {} });
    scheduler.changed('a.rs');
    await vi.advanceTimersByTimeAsync(10);
    scheduler.changed('b.rs');
    scheduler.changed('a.rs');
    await vi.advanceTimersByTimeAsync(19);
    expect(runs).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs.map((run) => run.changed)).toEqual([['a.rs', 'b.rs']]);
  });

  it('a change aborts the job in flight at once; the latest change runs once the aborted job has ended', async () => {
    const { runs, job } = controlledJob();
    const scheduler = createRebuildScheduler({ quietMs: 20, job, onError: () => {} });
    scheduler.runNow();
    expect(runs).toHaveLength(1);
    scheduler.changed('main.rs');
    expect(runs[0]!.signal.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(50);
    // One job at a time: the new one waits for the aborted one to finish.
    expect(runs).toHaveLength(1);
    runs[0]!.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs.map((run) => run.changed)).toEqual([[], ['main.rs']]);
    expect(runs[1]!.signal.aborted).toBe(false);
  });

  it('does not start a job while changes keep coming, then runs exactly one', async () => {
    const { runs, job } = controlledJob();
    const scheduler = createRebuildScheduler({ quietMs: 20, job, onError: () => {} });
    for (let i = 0; i < 10; i++) {
      scheduler.changed(`f${i}.rs`);
      await vi.advanceTimersByTimeAsync(15);
    }
    expect(runs).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(20);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.changed).toHaveLength(10);
  });

  it('a failing job is reported and the next change still builds', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const scheduler = createRebuildScheduler({
      quietMs: 5,
      job: async () => {
        calls++;
        if (calls === 1) throw new Error('boom');
      },
      onError: (error) => errors.push(error),
    });
    scheduler.runNow();
    await vi.advanceTimersByTimeAsync(0);
    scheduler.changed('x');
    await vi.advanceTimersByTimeAsync(5);
    expect(calls).toBe(2);
    expect(errors).toEqual([new Error('boom')]);
  });

  it('close() aborts the running job, waits for it and ignores later changes', async () => {
    const { runs, job } = controlledJob();
    const scheduler = createRebuildScheduler({ quietMs: 5, job, onError: () => {} });
    scheduler.runNow();
    const closed = scheduler.close();
    expect(runs[0]!.signal.aborted).toBe(true);
    runs[0]!.finish();
    await closed;
    scheduler.changed('late.rs');
    await vi.advanceTimersByTimeAsync(50);
    expect(runs).toHaveLength(1);
  });

  it('restart() aborts the running job and runs another once it has ended, at once when none runs', async () => {
    const { runs, job } = controlledJob();
    const scheduler = createRebuildScheduler({ quietMs: 20, job, onError: () => {} });
    scheduler.runNow();
    scheduler.restart();
    expect(runs[0]!.signal.aborted).toBe(true);
    expect(runs).toHaveLength(1);
    runs[0]!.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toHaveLength(2);
    expect(runs[1]!.signal.aborted).toBe(false);
    runs[1]!.finish();
    await vi.advanceTimersByTimeAsync(0);
    scheduler.restart();
    expect(runs).toHaveLength(3);
  });

  it('is idle only with no job running and none waiting for the quiet time', async () => {
    const { runs, job } = controlledJob();
    const scheduler = createRebuildScheduler({ quietMs: 20, job, onError: () => {} });
    expect(scheduler.idle).toBe(true);
    scheduler.changed('a.rs');
    expect(scheduler.idle).toBe(false);
    await vi.advanceTimersByTimeAsync(20);
    expect(runs).toHaveLength(1);
    expect(scheduler.idle).toBe(false);
    runs[0]!.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(scheduler.idle).toBe(true);
  });
});
