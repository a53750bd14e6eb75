import path from 'node:path';
import { formatValue, runFile, runFileInWorker, type RunFileOptions, type RunFileResult } from '@wasi-kit/runtime';
import { parseDirSpec, parseEnvSpec, toPreopens } from '../dir-spec.js';
import { backtraceRequested } from './backtrace.js';
import { parseDuration } from './duration.js';
import { parseSize } from './size.js';

/** What `wasi-kit run` accepts besides the file and its arguments. */
export interface RunGuestOptions {
  dir: string[];
  env: string[];
  invoke?: string;
  trace?: boolean;
  traceFile?: string;
  timeout?: string;
  maxMemory?: string;
  backtrace?: boolean;
  argv0?: string;
}

/**
 * Runs a module as `wasi-kit run` does: in this process, or in a worker thread when `--timeout`
 * needs a thread that can be stopped. Sets the exit code to the guest's; prints `--invoke` results.
 */
export async function runGuest(file: string, args: string[], options: RunGuestOptions): Promise<void> {
  const preopens = toPreopens(options.dir.map((spec) => parseDirSpec(spec)));
  const env = Object.fromEntries(options.env.map(parseEnvSpec));
  const timeoutMs = options.timeout === undefined ? undefined : parseDuration(options.timeout);
  const maxMemory = options.maxMemory === undefined ? undefined : { bytes: parseSize(options.maxMemory), label: options.maxMemory };
  const trace = options.traceFile !== undefined ? { file: path.resolve(options.traceFile) } : options.trace || traceFromEnv() ? (true as const) : undefined;

  const runOptions: Omit<RunFileOptions, 'trace' | 'onStart'> & { trace?: true | { file: string } } = {
    // argv[0] is the module's file name without its folders, as wasmtime passes it (so a guest's
    // usage line does not leak host paths); with --invoke, the rest are the function's arguments.
    args: [options.argv0 ?? path.basename(file), ...(options.invoke === undefined ? args : [])],
    env,
    preopens,
    ...(options.invoke === undefined ? {} : { invoke: { name: options.invoke, args } }),
    ...(maxMemory ? { maxMemory } : {}),
    ...(trace ? { trace } : {}),
    ...(options.backtrace || backtraceRequested() ? { backtrace: true } : {}),
  };
  const result: RunFileResult =
    timeoutMs === undefined ? await runFile(file, runOptions) : await runFileInWorker(file, runOptions, { timeoutMs, timeoutLabel: options.timeout });
  for (const value of result.results ?? []) process.stdout.write(`${formatValue(value)}\n`);
  process.exitCode = result.exitCode;
}

/** `WASI_KIT_LOG=trace` (comma-separated levels, like RUST_LOG's simplest form) turns tracing on. */
function traceFromEnv(): boolean {
  return (process.env.WASI_KIT_LOG ?? '').split(',').some((level) => level.trim() === 'trace');
}
