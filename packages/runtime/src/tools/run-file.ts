import { ComponentModule, InvalidModule, NoStartExport, ToolError, UnknownImports } from './errors.js';
import { asGuestTrap, createWasiHost, procExitCode, type WasiHostOptions } from './host.js';
import { parseInvocation, resultValues, type WasmValue } from './invoke.js';
import { capMemory } from './memory-limit.js';
import { compileModule, loadModuleBytes } from './module-source.js';
import { readModule, readPreamble, type CoreModuleInfo } from './module-reader.js';
import type { TraceSink } from './strace.js';
import type { Preopen } from '../options.js';
import { wasiVersionOf } from '../wasi-version.js';
import { withDeepStacks } from '../guest-trap.js';

export interface RunFileOptions {
  args?: string[];
  env?: Record<string, string>;
  /** Guest path → host directory, or `{ path, readonly }` for a read-only grant. */
  preopens?: Record<string, Preopen>;
  /** As for `new WASI()`: a fd, or (in-process only) a stream, a string/bytes for stdin, 'capture'. */
  stdin?: WasiHostOptions['stdin'];
  stdout?: WasiHostOptions['stdout'];
  stderr?: WasiHostOptions['stderr'];
  /** Call this export with these arguments (parsed by its parameter types) instead of `_start`. */
  invoke?: { name: string; args: string[] };
  /** Cap every memory's maximum; `label` is how the user wrote the size, for messages. */
  maxMemory?: { bytes: number; label: string };
  /** Trace every WASI call: to stderr (`true`), to a file, or to a sink. */
  trace?: true | { file: string } | TraceSink;
  /** Print the wasm backtrace with a trap (the GuestTrap's `rendered`), as RUST_BACKTRACE=1 asks. */
  backtrace?: boolean;
  /** Called right before the guest's code starts running (after compile and instantiate). */
  onStart?: () => void;
}

export interface RunFileResult {
  exitCode: number;
  /** The results of an `--invoke`d function, one per result type. */
  results?: WasmValue[];
}

const WASI_NAMESPACES = ['wasi_snapshot_preview1', 'wasi_unstable'];

/** Runs a .wasm or .wat file: `_start` (or an invoked export) under the WASI host, with the tools asked for. */
export async function runFile(file: string, options: RunFileOptions = {}): Promise<RunFileResult> {
  let bytes = await loadModuleBytes(file);
  if (readPreamble(bytes)?.format === 'component') return runFileComponent(file, bytes, options);
  if (options.maxMemory) {
    const info = await readCoreModule(file, bytes);
    bytes = capMemory(bytes, info, options.maxMemory.bytes, file, options.maxMemory.label);
  }
  const module = await compileModule(file, bytes);
  const invocation = options.invoke ? parseInvocation(file, await readCoreModule(file, bytes), options.invoke.name, options.invoke.args) : undefined;

  const wasiImports = WebAssembly.Module.imports(module);
  const version = wasiVersionOf(wasiImports);
  const hostOptions: WasiHostOptions = {
    ...(version === undefined ? {} : { version }),
    args: options.args ?? [file],
    env: options.env ?? {},
    preopens: options.preopens ?? {},
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
    ...(options.stdout === undefined ? {} : { stdout: options.stdout }),
    ...(options.stderr === undefined ? {} : { stderr: options.stderr }),
  };
  const wasi = createWasiHost(hostOptions);
  await wasi.ready();
  let imports = wasi.getImportObject();
  checkImports(file, wasiImports, imports);
  const exportNames = WebAssembly.Module.exports(module);
  if (!invocation && !exportNames.some((entry) => entry.name === '_start' && entry.kind === 'function')) {
    const functions = exportNames.filter((entry) => entry.kind === 'function').map((entry) => entry.name);
    throw new NoStartExport(`${file} has no _start export, so it is not a WASI command`, {
      hint: functions.length > 0 ? `call one of its exports with --invoke NAME [ARGS…]: ${functions.join(', ')}` : 'the module exports no functions to --invoke',
    });
  }

  let sink: TraceSink | undefined;
  let attach: ((instance: WebAssembly.Instance) => void) | undefined;
  if (options.trace) {
    const strace = await import('./strace.js');
    sink = options.trace === true ? strace.openTraceSink() : 'file' in options.trace ? strace.openTraceSink(options.trace.file) : options.trace;
    const tracer = strace.traceImports(imports, sink);
    imports = tracer.imports;
    attach = tracer.attach;
  }

  try {
    const instance = await instantiate(file, module, imports as WebAssembly.Imports);
    attach?.(instance);
    options.onStart?.();
    if (!invocation) return { exitCode: withDeepStacks(() => wasi.start(instance)) };

    // --invoke: set WASI up as for a reactor (memory bound, `_initialize` run), then call the export.
    // A command also exports _start, which initialize() refuses: hand it only the memory.
    const { memory, _initialize } = instance.exports;
    if (memory instanceof WebAssembly.Memory) wasi.initialize({ exports: { memory } } as unknown as WebAssembly.Instance);
    if (typeof _initialize === 'function') _initialize();
    const exported = instance.exports[options.invoke!.name] as (...args: WasmValue[]) => unknown;
    return { exitCode: 0, results: resultValues(withDeepStacks(() => exported(...invocation.args)), invocation.type) };
  } catch (error) {
    const exitCode = procExitCode(error);
    if (exitCode !== undefined) return { exitCode };
    throw asGuestTrap(error, { backtrace: options.backtrace });
  } finally {
    sink?.close();
  }
}

/** A WASI 0.2 command component: the same flags, run by the component host. */
async function runFileComponent(file: string, bytes: Uint8Array<ArrayBuffer>, options: RunFileOptions): Promise<RunFileResult> {
  if (options.invoke) {
    throw new ComponentModule(`${file} is a component: --invoke calls a core module's exports, a component runs through wasi:cli/run`, { hint: 'run it without --invoke' });
  }
  if (options.trace) {
    throw new ComponentModule(`${file} is a component: --trace logs WASI preview1 calls, and a component makes WASI 0.2 calls`, { hint: 'run it without --trace' });
  }
  const { runComponent } = await import('../component/run-component.js');
  const { args, env, preopens, stdin, stdout, stderr, maxMemory, onStart } = options;
  const { exitCode } = await runComponent(file, bytes, { args: args ?? [file], env, preopens, stdin, stdout, stderr, maxMemory, onStart });
  return { exitCode };
}

async function readCoreModule(file: string, bytes: Uint8Array<ArrayBuffer>): Promise<CoreModuleInfo> {
  try {
    const info = readModule(bytes);
    if (info.format === 'component') throw new ComponentModule(`${file} is a WebAssembly component`);
    return info;
  } catch (error) {
    if (error instanceof ToolError) throw error;
    // Our reader only knows what it needs; let V8 explain an invalid module first.
    await compileModule(file, bytes);
    throw new InvalidModule(`${file}: cannot read the module's sections: ${(error as Error).message}`, { cause: error });
  }
}

function checkImports(file: string, wanted: WebAssembly.ModuleImportDescriptor[], provided: Record<string, Record<string, unknown>>): void {
  const unknown = wanted.filter((entry) => {
    const value = provided[entry.module]?.[entry.name];
    return value === undefined || (entry.kind === 'function') !== (typeof value === 'function');
  });
  if (unknown.length === 0) return;
  const listed = unknown.slice(0, 12).map((entry) => `${entry.module}.${entry.name} (${entry.kind})`);
  if (unknown.length > 12) listed.push(`and ${unknown.length - 12} more`);
  const wasiOnly = unknown.every((entry) => WASI_NAMESPACES.includes(entry.module));
  throw new UnknownImports(`${file} has imports wasi-kit does not provide: ${listed.join(', ')}`, {
    hint: wasiOnly
      ? 'these are not WASI preview1 functions; wasi-kit runs preview1 (wasm32-wasip1) modules'
      : 'wasi-kit provides only WASI preview1 (wasi_snapshot_preview1, wasi_unstable); link the rest into the module',
  });
}

async function instantiate(file: string, module: WebAssembly.Module, imports: WebAssembly.Imports): Promise<WebAssembly.Instance> {
  try {
    return await WebAssembly.instantiate(module, imports);
  } catch (error) {
    if (error instanceof WebAssembly.LinkError) {
      throw new UnknownImports(`${file} cannot be linked: ${error.message.replace(/^WebAssembly\.instantiate\(\): /, '')}`, { cause: error });
    }
    throw error;
  }
}

