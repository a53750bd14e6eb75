import { readFile } from 'node:fs/promises';
import { runComponent } from './component/run-component.js';
import { isTrap, toGuestTrap, withDeepStacks } from './guest-trap.js';
import { invalidModule, notACommand, unlinkableModule, unreadableModule } from './module-errors.js';
import type { WASIOptions } from './options.js';
import { WASI } from './wasi.js';
import { readPreamble } from './tools/module-reader.js';
import { wasiVersionOf } from './wasi-version.js';

export interface RunOptions extends Omit<WASIOptions, 'version'> {
  /** Capture the guest's stdout and stderr into the result's strings (overrides `stdout`/`stderr`). */
  capture?: boolean;
}

export interface RunResult {
  exitCode: number;
  stdout?: string;
  stderr?: string;
}

/** The module's bytes and a label for messages. */
async function readModule(fileOrBytes: string | Uint8Array): Promise<{ bytes: Uint8Array<ArrayBuffer>; label: string }> {
  if (typeof fileOrBytes !== 'string') return { bytes: new Uint8Array(fileOrBytes), label: 'the module' };
  try {
    return { bytes: await readFile(fileOrBytes), label: fileOrBytes };
  } catch (error) {
    throw unreadableModule(fileOrBytes, error);
  }
}

/** A WASI 0.2 component: the same options, served by the component host (component/run-component.ts). */
async function runCommandComponent(label: string, bytes: Uint8Array<ArrayBuffer>, options: RunOptions): Promise<RunResult> {
  const { capture = false, args = [], env, preopens, stdin, stdout, stderr } = options;
  const result = await runComponent(label, bytes, { args, env, preopens, stdin, ...(capture ? { stdout: 'capture', stderr: 'capture' } : { stdout, stderr }) });
  return capture ? result : { exitCode: result.exitCode };
}

/**
 * Runs a WASI command module (or a WASI 0.2 command component) to completion in the sandbox. Resolves with its exit code (and the
 * captured output when `capture` is set); rejects with a GuestTrap when the guest traps, and with
 * a user-facing error for a bad module or bad options. A Readable stdin is read fully first.
 */
export async function run(fileOrBytes: string | Uint8Array, options: RunOptions = {}): Promise<RunResult> {
  const { bytes, label } = await readModule(fileOrBytes);
  if (readPreamble(bytes)?.format === 'component') return runCommandComponent(label, bytes, options);
  let module: WebAssembly.Module;
  try {
    module = await WebAssembly.compile(bytes);
  } catch (error) {
    throw invalidModule(label, bytes, error);
  }
  const { capture = false, ...wasiOptions } = options;
  const version = wasiVersionOf(WebAssembly.Module.imports(module));
  const wasi = new WASI({ ...wasiOptions, ...(version === undefined ? {} : { version }), ...(capture ? { stdout: 'capture', stderr: 'capture' } : {}) });
  await wasi.ready();
  if (!WebAssembly.Module.exports(module).some((entry) => entry.name === '_start' && entry.kind === 'function')) throw notACommand(label, '_start');
  let instance: WebAssembly.Instance;
  try {
    instance = await WebAssembly.instantiate(module, wasi.getImportObject() as WebAssembly.Imports);
  } catch (error) {
    throw unlinkableModule(label, error);
  }
  let exitCode: number;
  try {
    exitCode = withDeepStacks(() => wasi.start(instance));
  } catch (error) {
    if (isTrap(error)) throw toGuestTrap(error as Error);
    throw error;
  }
  return capture ? { exitCode, ...wasi.captured() } : { exitCode };
}
