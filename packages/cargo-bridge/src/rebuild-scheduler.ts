/**
 * When to rebuild, kept apart from what a rebuild does (as c12's watch.ts keeps its debounce apart
 * from its state): a change aborts the job in flight at once, and after `quietMs` without another
 * change one job runs with every file changed since the last, so a burst of saves is one rebuild
 * and the latest save always wins. At most one job runs at a time.
 */
export interface RebuildScheduler {
  /** A file changed: abort the running job now, and schedule one after the quiet time. */
  changed(file: string): void;
  /** Runs a job now (the first build), unless one is already running. */
  runNow(): void;
  /** Aborts the running job, if any, and runs another once it has ended (the first build, when it was started with the wrong settings). */
  restart(): void;
  /** Stops scheduling, aborts a running job and resolves once it has finished. */
  close(): Promise<void>;
  /** No job is running and none is waiting for the quiet time. */
  readonly idle: boolean;
}

export interface SchedulerOptions {
  quietMs: number;
  /** One rebuild; `signal` aborts when a newer change arrives or the scheduler closes. */
  job: (changed: string[], signal: AbortSignal) => Promise<void>;
  /** A job that rejected: the scheduler goes on with the next change. */
  onError: (error: unknown) => void;
}

export function createRebuildScheduler({ quietMs, job, onError }: SchedulerOptions): RebuildScheduler {
  const pending = new Set<string>();
  let dirty = false;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let controller: AbortController | undefined;
  let running: Promise<void> | undefined;

  function kick(): void {
    if (running || closed || !dirty) return;
    dirty = false;
    const files = [...pending];
    pending.clear();
    controller = new AbortController();
    running = job(files, controller.signal)
      .catch(onError)
      .finally(() => {
        running = undefined;
        controller = undefined;
        // Changes that came in while this job ran (and aborted it) get their own, once quiet.
        if (dirty && timer === undefined) kick();
      });
  }

  return {
    changed(file) {
      if (closed) return;
      pending.add(file);
      dirty = true;
      controller?.abort();
      clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        kick();
      }, quietMs);
    },
    runNow() {
      dirty = true;
      kick();
    },
    restart() {
      if (closed) return;
      dirty = true;
      controller?.abort();
      kick();
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      controller?.abort();
      await running;
    },
    get idle() {
      return running === undefined && timer === undefined;
    },
  };
}
