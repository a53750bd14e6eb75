import type { StdioSink, StdioSource } from '../fd/stdio.js';
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
