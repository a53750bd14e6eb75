import { deserializeError, type SerializedError } from '@wasi-kit/errors';
import { InvalidRequest } from '../module-errors.js';
import { checkRequestShape, type RunRequest, type RunResult } from './request.js';

/**
 * What a runner (worker or child) tells the host; the host sends one `RunRequest`. The host's
 * side of the protocol: it does not load the WASI host (serve.ts is the runner's side).
 */
export type RunnerMessage =
  /** The runner took the request: the deadline starts now (reading and a start section count). */
  | { type: 'accepted' }
  | { type: 'done'; result: RunResult }
  | { type: 'failed'; error: SerializedError };

export function outcome(message: Exclude<RunnerMessage, { type: 'accepted' }>): { result: RunResult } | { error: Error } {
  return message.type === 'done' ? { result: message.result } : { error: deserializeError(message.error) };
}

/**
 * A request another thread or process can carry: a path or bytes, fds, 'capture', a traced file.
 * `sharedFds` says which host fds the runner shares (a worker: all of this process's; a child: 0-2).
 */
export function checkPortable(request: RunRequest, transport: string, sharedFds: (fd: number) => boolean): void {
  checkRequestShape(request);
  const refuse = (option: string, what: string, hint = "pass a file descriptor it shares, 'capture', or run the guest in this thread with run()") =>
    new InvalidRequest(`${option}: ${what} cannot be handed to a ${transport}`, { hint });
  for (const option of ['stdin', 'stdout', 'stderr'] as const) {
    const value = request[option];
    if (value === undefined || value === 'capture' || typeof value === 'string' || value instanceof Uint8Array) continue;
    if (typeof value !== 'number') throw refuse(option, 'a stream');
    if (!sharedFds(value)) throw refuse(option, `fd ${value}`);
  }
  if (request.trace !== undefined && request.trace !== true && !('file' in request.trace)) throw refuse('trace', 'a trace sink');
  // A worker shares this process's compiled code; a child process would have to compile it again.
  if (request.module instanceof WebAssembly.Module && transport !== 'worker') throw refuse('module', 'a compiled module', 'pass the module as a path or bytes');
}
