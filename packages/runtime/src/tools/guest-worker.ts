import { parentPort, workerData } from 'node:worker_threads';
import { serializeError } from './errors.js';
import { runFile, type RunFileOptions } from './run-file.js';

// The worker side of runFileInWorker: runs the guest and reports back. The guest's stdout and
// stderr are the process's fds 1 and 2, written synchronously, so output appears as it happens.

export interface WorkerRequest {
  file: string;
  options: Omit<RunFileOptions, 'onStart'>;
}

export type WorkerMessage =
  | { type: 'started' }
  | { type: 'done'; result: Awaited<ReturnType<typeof runFile>> }
  | { type: 'failed'; error: ReturnType<typeof serializeError> };

const port = parentPort!;
const { file, options } = workerData as WorkerRequest;
const post = (message: WorkerMessage) => port.postMessage(message);
try {
  const result = await runFile(file, { ...options, onStart: () => post({ type: 'started' }) });
  post({ type: 'done', result });
} catch (error) {
  post({ type: 'failed', error: serializeError(error) });
}
