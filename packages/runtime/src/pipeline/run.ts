import { InvalidRequest } from '../module-errors.js';
import { prepare } from './prepare.js';
import type { RunRequest, RunResult } from './request.js';

export type RunOptions = Omit<RunRequest, 'module'>;

/**
 * Runs a WASI command module (a `.wasm` or `.wat` path, bytes, or a compiled module) to completion in the sandbox,
 * in this thread. Resolves with its exit code (and captured output, and invoked results); rejects
 * with a GuestTrap when the guest traps and with a `UserError` for a bad module or bad options.
 * A `timeout` needs a thread that can be stopped: it runs the guest in a worker (`runInWorker`).
 */
export async function run(module: RunRequest['module'], options: RunOptions = {}): Promise<RunResult> {
  if (options.timeout !== undefined) {
    const { runInWorker } = await import('./worker.js');
    return runInWorker({ ...options, module });
  }
  return runInProcess({ ...options, module });
}

/** The in-process transport: no copy, any stdio (streams too), no timeout. */
export async function runInProcess(request: RunRequest): Promise<RunResult> {
  if (request.timeout !== undefined) throw new InvalidRequest('timeout: a guest in this thread cannot be stopped', { hint: 'run it with runInWorker() or runInChild()' });
  return (await prepare(request)).run();
}
