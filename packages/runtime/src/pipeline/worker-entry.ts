import { parentPort, workerData } from 'node:worker_threads';
import { serveRequest } from './serve.js';
import type { RunRequest } from './request.js';

// The worker side of runInWorker: the request arrives as workerData.
await serveRequest(workerData as RunRequest, (message) => parentPort!.postMessage(message));
