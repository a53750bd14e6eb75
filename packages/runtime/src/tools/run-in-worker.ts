import { deserializeError, GuestInterrupted, GuestTimeout } from './errors.js';
import type { WorkerMessage, WorkerRequest } from './guest-worker.js';
import type { RunFileOptions, RunFileResult } from './run-file.js';

export interface WorkerLimits {
  /** Stop the guest after this long (measured from when its code starts). */
  timeoutMs?: number;
  /** How the user wrote the timeout, for the message; defaults to milliseconds. */
  timeoutLabel?: string;
}

/**
 * Runs a guest in a worker thread so the main thread can stop it: on timeout, or at once on
 * Ctrl-C (SIGINT), the worker is terminated — a guest in an endless loop cannot prevent that.
 */
export async function runFileInWorker(file: string, options: Omit<RunFileOptions, 'onStart' | 'trace'> & { trace?: true | { file: string } }, limits: WorkerLimits = {}): Promise<RunFileResult> {
  const request: WorkerRequest = { file, options };
  // Loaded on first use, so runs without --timeout do not pay for worker_threads at start-up.
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(new URL('./guest-worker.js', import.meta.url), { workerData: request, stdout: false, stderr: false });
  return new Promise<RunFileResult>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      process.off('SIGINT', onInterrupt);
      outcome();
    };
    // Reject at once: a guest blocked in a host call (a read from a terminal) finishes terminating
    // only when that call returns, and must not keep the process alive meanwhile.
    const stop = (error: Error) =>
      settle(() => {
        worker.unref();
        void worker.terminate();
        reject(error);
      });
    const onInterrupt = () => stop(new GuestInterrupted());
    process.on('SIGINT', onInterrupt);

    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'started' && limits.timeoutMs !== undefined) {
        timer = setTimeout(() => stop(new GuestTimeout(limits.timeoutLabel ?? `${limits.timeoutMs}ms`)), limits.timeoutMs);
      } else if (message.type === 'done') {
        settle(() => resolve(message.result));
      } else if (message.type === 'failed') {
        settle(() => reject(deserializeError(message.error)));
      }
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the guest worker exited with code ${code} before reporting a result`))));
  });
}
