import type { StdioSink, StdioSource } from '../fd/stdio.js';
import { ProcExit } from '../failures.js';
import { isTrap, toGuestTrap } from '../guest-trap.js';
import type { Preopen } from '../options.js';
import { WASI } from '../wasi.js';

// The one place the tools meet the WASI host. They use its public, node:wasi-shaped API
// (constructor options, getImportObject, start, initialize) and its exit and trap types.

export interface WasiHostOptions {
  /** Left out, both namespaces are served. */
  version?: 'preview1' | 'unstable';
  args: string[];
  env: Record<string, string>;
  preopens: Record<string, Preopen>;
  stdin?: StdioSource;
  stdout?: StdioSink;
  stderr?: StdioSink;
}

export interface WasiHost {
  getImportObject(): Record<string, Record<string, unknown>>;
  /** Reads a Readable stdin before the guest starts. */
  ready(): Promise<void>;
  start(instance: WebAssembly.Instance): number;
  initialize(instance: WebAssembly.Instance): void;
}

export function createWasiHost(options: WasiHostOptions): WasiHost {
  return new WASI({ ...options, returnOnExit: true }) as unknown as WasiHost;
}

/** The exit code when `error` is the host's proc_exit sentinel (thrown out of an invoked export). */
export function procExitCode(error: unknown): number | undefined {
  return error instanceof ProcExit ? error.code : undefined;
}

/** A trap (V8's, a bad pointer passed to WASI, stack exhaustion) as the host's one-line GuestTrap. */
export function asGuestTrap(error: unknown, options: { backtrace?: boolean } = {}): unknown {
  return isTrap(error) ? toGuestTrap(error as Error, options) : error;
}
