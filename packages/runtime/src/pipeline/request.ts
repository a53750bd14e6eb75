import type { StdioSink, StdioSource } from '../fd/stdio.js';
import { InvalidRequest } from '../module-errors.js';
import type { Preopens } from '../options.js';
import type { WasmValue } from '../tools/invoke.js';
import type { TraceSink } from '../tools/strace.js';

/**
 * Everything one guest run needs, whichever transport carries it (this thread, a worker, a child
 * process). Only a worker or a child can enforce `timeout`; they carry only what survives a copy:
 * a path or bytes, fds, `'capture'`, `trace: true | { file }`.
 */
export interface RunRequest {
  /**
   * A `.wasm` or `.wat` file, the bytes of a binary module, or a core module already compiled (so
   * one compile serves many runs, as `wasi-kit test` runs each test of a binary; not to a child).
   */
  module: string | Uint8Array | WebAssembly.Module;
  /** How messages name the module; defaults to the path as given, or "the module" for bytes. */
  label?: string;
  /** The guest's argv, argv[0] included; defaults to the module file's name (as wasmtime passes it). */
  args?: string[];
  env?: Record<string, string>;
  /** Granted directories, validated once; a list keeps its order as fds 3, 4, … */
  preopens?: Preopens;
  stdin?: StdioSource;
  stdout?: StdioSink;
  stderr?: StdioSink;
  /** Collect stdout and stderr into the result's strings (overrides `stdout`/`stderr`). */
  capture?: boolean;
  /** Call this export with these arguments (parsed by its parameter types) instead of `_start`. */
  invoke?: { name: string; args: string[] };
  /** Cap every memory's maximum; `label` is how the user wrote the size, for messages. */
  maxMemory?: { bytes: number; label?: string };
  /** Stop the guest after this long, counted from when the runner takes the request (so it covers reading, compiling and a start section). */
  timeout?: { ms: number; label?: string };
  /** Trace every WASI call: to stderr (`true`), to a file, or (in this thread only) to a sink. */
  trace?: true | { file: string } | TraceSink;
  /** On a trap, put wasmtime's wasm backtrace in the GuestTrap's `details` (RUST_BACKTRACE=1). */
  backtrace?: boolean;
}

export interface RunResult {
  exitCode: number;
  /** The results of an invoked function, one per result type. */
  results?: WasmValue[];
  /** With `capture`. */
  stdout?: string;
  stderr?: string;
}

/** How a timeout is named in its message: as the user wrote it, or in milliseconds. */
export function timeoutLabel(timeout: NonNullable<RunRequest['timeout']>): string {
  return timeout.label ?? `${timeout.ms}ms`;
}

/** Node's timers hold at most 2^31-1 ms; a longer delay would fire at once. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * The request's own options have the shapes RunRequest says (the WASI ones are validateOptions'):
 * a JavaScript caller's mistake is one line naming the option, never a TypeError from deep inside
 * or a misleading "invalid module". The remote transports check before they start a runner.
 */
export function checkRequestShape(request: RunRequest): void {
  const { invoke, maxMemory, timeout, trace }: Partial<Record<keyof RunRequest, unknown>> = request;
  const field = (value: unknown, name: string) => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined);
  const refuse = (option: string, expected: string, given: string, example: string) =>
    new InvalidRequest(`${option}: expected ${expected}, got ${given}`, { hint: `for example { ${option}: ${example} }` });
  if (invoke !== undefined) {
    const args = field(invoke, 'args');
    if (typeof field(invoke, 'name') !== 'string' || !Array.isArray(args) || !args.every((arg) => typeof arg === 'string')) {
      throw refuse('invoke', '{ name, args } with a string name and an array of strings', describe(invoke), "{ name: 'add', args: ['1', '2'] }");
    }
  }
  const bytes = field(maxMemory, 'bytes');
  if (maxMemory !== undefined && !(typeof bytes === 'number' && Number.isSafeInteger(bytes) && bytes > 0)) {
    throw refuse('maxMemory', '{ bytes } with a whole number of bytes above 0', typeof bytes === 'number' ? `${bytes} bytes` : describe(maxMemory), '{ bytes: 64 * 2 ** 20 }');
  }
  const ms = field(timeout, 'ms');
  if (timeout !== undefined && !(typeof ms === 'number' && ms > 0 && ms <= MAX_TIMEOUT_MS)) {
    throw refuse('timeout', `{ ms } with 0 < ms <= ${MAX_TIMEOUT_MS}`, typeof ms === 'number' ? `${ms} ms` : describe(timeout), '{ ms: 5000 }');
  }
  if (trace !== undefined && trace !== true && typeof field(trace, 'file') !== 'string' && typeof field(trace, 'write') !== 'function') {
    throw refuse('trace', 'true, { file } or a sink with write(line) and close()', describe(trace), "{ file: 'trace.log' }");
  }
}

/** A value as a message names it: a string quoted, a number as itself, else its kind. */
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return `the number ${value}`;
  if (value === null || value === undefined) return String(value);
  return Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
