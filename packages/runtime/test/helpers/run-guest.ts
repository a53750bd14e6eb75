import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { run, type RunOptions } from '../../src/index.js';
import { readModule } from '../../src/tools/module-reader.js';
import { componentOf } from './component.js';
import { runUnderNodeWasi } from './node-wasi-host.js';
import { probeWasm, type ProbeName } from './probes.js';

export type Preopen = string | { path: string; readonly?: boolean };

export interface GuestRunOptions {
  /** Full argv, argv[0] included (what the guest's args_get returns). */
  args?: string[];
  env?: Record<string, string>;
  preopens?: Record<string, Preopen>;
  stdin?: string | Uint8Array;
}

export interface GuestOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The one-line message of a `GuestTrap`, when the guest trapped. */
  trap?: string;
}

export interface GuestCase extends Omit<GuestRunOptions, 'args'> {
  /** A probe name, a `.wasm` path, or module bytes (e.g. compiled WAT). */
  module: ProbeName | string | Uint8Array;
  /** argv after argv[0]; argv[0] is the module's name. */
  args?: string[];
  /** Exact text, or exact lines (a trailing newline is implied). */
  expectStdout?: string | string[] | RegExp;
  expectStderr?: string | RegExp;
  /** Defaults to 0; pass `null` to leave the exit code unchecked. */
  expectExit?: number | null;
}

/**
 * Runs one guest through the runtime's public `run()` with captured stdio and checks what the
 * case expects. `WASI_KIT_TEST_HOST=node` runs it under node:wasi instead, to compare hosts;
 * `WASI_KIT_TEST_HOST=component` runs it as a WASI 0.2 component (helpers/component.ts);
 * `WASI_KIT_TEST_HOST=component-p2` runs the probes built natively for wasm32-wasip2 (probes.ts).
 */
export async function runGuest(guest: GuestCase): Promise<GuestOutput> {
  const { bytes, name } = await loadModule(guest.module);
  const options: GuestRunOptions = { args: [name, ...(guest.args ?? [])], env: guest.env, preopens: guest.preopens, stdin: guest.stdin };
  const host = process.env.WASI_KIT_TEST_HOST;
  const output =
    host === 'node' ? await runUnderNodeWasi(bytes, options)
    : host === 'component' ? await runInRuntime(await componentOf(bytes), options)
    : host === 'component-p2' ? await runInRuntime(await nativeComponentOf(bytes), options)
    : await runInRuntime(bytes, options);

  if (guest.expectStdout !== undefined) expectText(output.stdout, guest.expectStdout, 'stdout');
  if (guest.expectStderr !== undefined) expectText(output.stderr, guest.expectStderr, 'stderr');
  if (guest.expectExit !== null) expect(output.exitCode, `exit code (stderr: ${output.stderr}${output.trap ?? ''})`).toBe(guest.expectExit ?? 0);
  return output;
}

async function runInRuntime(bytes: Uint8Array, options: GuestRunOptions): Promise<GuestOutput> {
  try {
    const result = (await run(bytes, { ...options, capture: true } as RunOptions)) as { exitCode: number; stdout?: unknown; stderr?: unknown };
    return { exitCode: result.exitCode, stdout: decode(result.stdout), stderr: decode(result.stderr) };
  } catch (error) {
    // A trap rejects with GuestTrap (exitCode 134); anything else is a runtime failure.
    if (error instanceof Error && (error as { exitCode?: unknown }).exitCode === 134) {
      return { exitCode: 134, stdout: '', stderr: '', trap: error.message };
    }
    throw error;
  }
}

/** The probes are components already; a test's own module (WAT, say) is wrapped as above. */
async function nativeComponentOf(bytes: Uint8Array): Promise<Uint8Array> {
  return readModule(bytes).format === 'component' ? bytes : componentOf(bytes);
}

async function loadModule(module: GuestCase['module']): Promise<{ bytes: Uint8Array; name: string }> {
  if (module instanceof Uint8Array) return { bytes: module, name: 'guest.wasm' };
  const file = module.endsWith('.wasm') ? module : await probeWasm(module as ProbeName);
  return { bytes: new Uint8Array(await readFile(file)), name: path.basename(file) };
}

function decode(data: unknown): string {
  if (data === undefined) return '';
  if (typeof data === 'string') return data;
  if (data instanceof Uint8Array) return new TextDecoder().decode(data);
  throw new TypeError(`captured output is neither string nor bytes: ${typeof data}`);
}

function expectText(actual: string, expected: string | string[] | RegExp, label: string): void {
  if (expected instanceof RegExp) expect(actual, label).toMatch(expected);
  else if (Array.isArray(expected)) expect(actual.split('\n').slice(0, -1), label).toEqual(expected);
  else expect(actual, label).toBe(expected);
}

/** `[name, case]` rows for `it.each(...)('%s', ...)`: vitest cuts `$name` at 40 characters. */
export function named<T extends { name: string }>(cases: T[]): [string, T][] {
  return cases.map((c) => [c.name, c]);
}
