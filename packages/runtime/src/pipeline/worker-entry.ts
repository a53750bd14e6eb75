import { parentPort, workerData } from 'node:worker_threads';
import { serveRequest } from './serve.js';
import type { RunRequest } from './request.js';

// The worker side of runInWorker: the request arrives as workerData.
// Not awaited at the top level: the entry ships as CommonJS (see scripts/bundle.mjs); a rejection
// still ends the worker, as an unhandled one.
void serveRequest(workerData as RunRequest, (message) => parentPort!.postMessage(message));
