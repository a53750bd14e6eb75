import path from 'node:path';
import type { RunRequest, RunResult } from '@wasi-kit/runtime';
import { loadRuntime } from '../packages.js';
import type { GuestSettings } from '../project/guest-settings.js';
import { backtraceRequested } from './backtrace.js';
import { durationLabel, parseDuration } from './duration.js';
import { parseSize } from './size.js';

/** What `wasi-kit run` accepts besides the module and its arguments. */
export interface RunGuestOptions {
  invoke?: string;
  trace?: boolean;
  traceFile?: string;
  timeout?: string;
  maxMemory?: string;
  backtrace?: boolean;
  argv0?: string;
}

/** The one request `run`, `run --bin` and `run --json` hand to the runtime: flags parsed once, here. */
export function guestRequest(file: string, settings: GuestSettings, options: RunGuestOptions & { capture?: boolean }): RunRequest {
  const trace = options.traceFile !== undefined ? { file: path.resolve(options.traceFile) } : options.trace || traceFromEnv() ? (true as const) : undefined;
  // argv[0] is the module's file name without its folders, as wasmtime passes it (so a guest's
  // usage line does not leak host paths), unless --argv0 says otherwise; with --invoke, the rest
  // are the function's arguments.
  const argv0 = options.argv0 ?? path.basename(file);
  return {
    module: file,
    args: options.invoke === undefined ? [argv0, ...settings.args] : [argv0],
    env: settings.env,
    preopens: settings.grants,
    ...(options.invoke === undefined ? {} : { invoke: { name: options.invoke, args: settings.args } }),
    ...(options.maxMemory === undefined ? {} : { maxMemory: { bytes: parseSize(options.maxMemory), label: options.maxMemory } }),
    ...(options.timeout === undefined ? {} : { timeout: { ms: parseDuration(options.timeout), label: durationLabel(options.timeout) } }),
    ...(trace ? { trace } : {}),
    ...(options.backtrace || backtraceRequested() ? { backtrace: true } : {}),
    ...(options.capture ? { capture: true } : {}),
  };
}

/**
 * Runs the request in this process, or, with a deadline, in a child process that can be killed
 * at once: a worker thread cannot be stopped while the guest is blocked reading a pipe.
 */
export async function runRequest(request: RunRequest): Promise<RunResult> {
  const runtime = await loadRuntime();
  return request.timeout === undefined ? runtime.runInProcess(request) : runtime.runInChild(request, { stdin: 'inherit', stopOnInterrupt: true });
}

/** Prints `--invoke` results, one per line, and sets the exit code to the guest's. */
export async function reportResult(result: RunResult): Promise<void> {
  if (result.results && result.results.length > 0) {
    const { formatValue } = await loadRuntime();
    for (const value of result.results) process.stdout.write(`${formatValue(value)}\n`);
  }
  process.exitCode = result.exitCode;
}

/** `WASI_KIT_LOG=trace` (comma-separated levels, like RUST_LOG's simplest form) turns tracing on. */
function traceFromEnv(): boolean {
  return (process.env.WASI_KIT_LOG ?? '').split(',').some((level) => level.trim() === 'trace');
}
