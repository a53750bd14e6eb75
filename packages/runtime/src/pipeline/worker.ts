import { checkPortable } from './protocol.js';
import type { RunRequest, RunResult } from './request.js';
import { supervise, type SuperviseOptions } from './supervise.js';

/**
 * The worker transport: the guest runs in a worker thread, so a timeout or Ctrl-C can stop a
 * guest in an endless loop (or a start section that never returns). Its stdout and stderr are
 * this process's fds, written synchronously. A guest blocked in a read of a pipe cannot be
 * stopped before the read returns (a thread is not killable mid-syscall): `runInChild` can.
 */
export async function runInWorker(request: RunRequest, options: SuperviseOptions = {}): Promise<RunResult> {
  checkPortable(request, 'worker', () => true);
  // Loaded on first use, so runs without a timeout do not pay for worker_threads at start-up.
  const { Worker } = process.getBuiltinModule('node:worker_threads');
  const worker = new Worker(new URL('./worker-entry.js', import.meta.url), { workerData: request, stdout: false, stderr: false });
  return supervise(
    {
      onMessage: (listener) => worker.on('message', listener),
      onExit: (listener) => {
        worker.on('error', (error) => listener(`failed: ${error.message}`));
        worker.on('exit', (code) => listener(`exited with code ${code}`));
      },
      kill: () => {
        worker.unref();
        void worker.terminate();
      },
    },
    request,
    options,
  );
}
