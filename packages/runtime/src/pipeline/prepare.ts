import path from 'node:path';
import { isUserError, MAX_GUEST_EXIT, printable, UserError, withGuestOutput } from '@wasi-kit/errors';
import { ProcExit } from '../failures.js';
import { isTrap, toGuestTrap, withDeepStacks } from '../guest-trap.js';
import { ComponentModule, ExitStatusOutOfRange, InvalidModule, InvalidRequest, notACommand, UnknownImports, v8Reason } from '../module-errors.js';
import { validateOptions } from '../options.js';
import { parseInvocation, resultValues, type WasmValue } from '../tools/invoke.js';
import { capMemory } from '../tools/memory-limit.js';
import { readImportTypes, readModule, readPreamble, type CoreModuleInfo, type FuncType } from '../tools/module-reader.js';
import { compileModule, loadModule } from '../tools/module-source.js';
import type { TraceSink } from '../tools/strace.js';
import { coreTypeOf } from '../preview1/abi.js';
import { WASI } from '../wasi.js';
import { wasiVersionOf } from '../wasi-version.js';
import { checkRequestShape, type RunRequest, type RunResult } from './request.js';

/** A module read, checked, compiled and linked to its WASI host: ready to instantiate and run. */
export interface PreparedGuest {
  readonly label: string;
  /** Instantiates (running any start section) and runs `_start` or the invoked export. */
  run(): Promise<RunResult>;
}

const WASI_NAMESPACES = ['wasi_snapshot_preview1', 'wasi_unstable'];

/**
 * The one guest pipeline: read → check → cap memory → compile → link → WASI. Every entry point
 * (the library's `run()`, `wasi-kit run`, `dev`, a worker, a child process) comes through here,
 * so the same mistake reads the same everywhere.
 */
export async function prepare(request: RunRequest): Promise<PreparedGuest> {
  checkRequestShape(request);
  if (request.module instanceof WebAssembly.Module) {
    refuseWithoutBytes(request);
    return link(request, request.label ?? 'the module', request.module, undefined);
  }
  const source = await loadModule(request.module, { withoutDebugSections: true, ...(request.label === undefined ? {} : { label: request.label }) });
  const { label } = source;
  if (readPreamble(source.bytes)?.format === 'component') return prepareComponent(request, label, source.bytes);
  let bytes = source.bytes;
  let info: CoreModuleInfo | undefined;
  const moduleInfo = async () => (info ??= await readCoreModule(label, bytes));
  if (request.maxMemory) bytes = capMemory(bytes, await moduleInfo(), request.maxMemory.bytes, label, request.maxMemory.label ?? `${request.maxMemory.bytes}B`);
  const module = await compileModule(label, bytes);
  checkWasiTypes(label, bytes);
  const invocation = request.invoke ? parseInvocation(label, await moduleInfo(), request.invoke.name, request.invoke.args) : undefined;
  return link(request, label, module, invocation);
}

/** A compiled module has no bytes left to cap or to read an export's parameter types from. */
function refuseWithoutBytes(request: RunRequest): void {
  const hint = 'pass the module as a path or bytes';
  if (request.maxMemory) throw new InvalidRequest('maxMemory: a compiled module cannot be capped', { hint });
  if (request.invoke) throw new InvalidRequest('invoke: a compiled module does not say its exports\' parameter types', { hint });
}

/** Checks a compiled module is a command (or has the export to invoke) and links it to its WASI host. */
async function link(request: RunRequest, label: string, module: WebAssembly.Module, invocation: { type: FuncType; args: WasmValue[] } | undefined): Promise<PreparedGuest> {
  const exports = WebAssembly.Module.exports(module);
  if (!invocation && !exports.some((entry) => entry.name === '_start' && entry.kind === 'function')) {
    throw notACommand(label, '_start', exports.filter((entry) => entry.kind === 'function').map((entry) => entry.name));
  }

  const wasiImports = WebAssembly.Module.imports(module);
  // wasmtime runs a command that imports nothing from WASI without a memory (there is nothing to
  // give it); one that calls WASI needs it, and WASI.start() keeps node:wasi's contract.
  const exportsMemory = exports.some((entry) => entry.name === 'memory' && entry.kind === 'memory');
  if (!invocation && !exportsMemory && wasiImports.length > 0) throw notACommand(label, 'memory');
  const version = wasiVersionOf(wasiImports);
  const capture = request.capture === true;
  const options = validateOptions({
    ...(version === undefined ? {} : { version }),
    args: request.args ?? (typeof request.module === 'string' ? [path.basename(request.module)] : []),
    env: request.env ?? {},
    preopens: request.preopens ?? [],
    returnOnExit: true,
    ...(request.stdin === undefined ? {} : { stdin: request.stdin }),
    ...(capture ? { stdout: 'capture', stderr: 'capture' } : { ...(request.stdout === undefined ? {} : { stdout: request.stdout }), ...(request.stderr === undefined ? {} : { stderr: request.stderr }) }),
  });
  const wasi = WASI.fromValidated(options);
  await wasi.ready();
  let imports = wasi.getImportObject() as Record<string, Record<string, unknown>>;
  checkImports(label, wasiImports, imports);

  let sink: TraceSink | undefined;
  let bindTracer: ((instance: WebAssembly.Instance) => void) | undefined;
  if (request.trace) {
    const strace = await import('../tools/strace.js');
    const trace = request.trace;
    const target = trace === true ? 'stderr' : 'file' in trace ? trace.file : 'the trace sink';
    sink = guardSink(trace === true ? strace.openTraceSink() : 'file' in trace ? strace.openTraceSink(trace.file) : trace, target);
    const tracer = strace.traceImports(imports, sink);
    imports = tracer.imports;
    bindTracer = tracer.attach;
  }

  return {
    label,
    async run() {
      try {
        let instance: WebAssembly.Instance;
        try {
          instance = withDeepStacks(() => instantiate(label, module, imports as WebAssembly.Imports));
        } catch (error) {
          // A start section may call proc_exit, before there is an instance: wasmtime exits with its code.
          if (error instanceof ProcExit) return finish(error.code);
          throw error;
        }
        bindTracer?.(instance);
        // Deep stacks, so a trap's message can name the user's function under Rust's panic frames.
        if (!invocation && !exportsMemory) {
          withDeepStacks(() => (instance.exports._start as () => void)());
          return finish(0);
        }
        if (!invocation) return finish(withDeepStacks(() => wasi.start(instance)));
        return finish(0, withDeepStacks(() => invoke(wasi, instance, request.invoke!.name, invocation)));
      } catch (error) {
        if (error instanceof ProcExit) return finish(error.code);
        const failure = isTrap(error) ? toGuestTrap(error as Error, { backtrace: request.backtrace === true }) : error;
        throw capture ? withGuestOutput(failure, wasi.captured()) : failure;
      } finally {
        sink?.close();
      }
    },
  };

  function finish(exitCode: number, results?: WasmValue[]): RunResult {
    // wasmtime refuses statuses above 125 (shells reserve them); WASI.start() reports them as node:wasi does.
    if (exitCode > MAX_GUEST_EXIT) throw new ExitStatusOutOfRange(exitCode);
    return { exitCode, ...(results ? { results } : {}), ...(capture ? wasi.captured() : {}) };
  }
}

/**
 * A WASI 0.2 command component: the same request (args, env, preopens, stdio, capture, limits),
 * run by the component host (component/run-component.ts, loaded only for a component).
 */
function prepareComponent(request: RunRequest, label: string, bytes: Uint8Array<ArrayBuffer>): PreparedGuest {
  if (request.invoke) {
    throw new ComponentModule(`${label} is a component: --invoke calls a core module's exports, a component runs through wasi:cli/run`, { hint: 'run it without --invoke' });
  }
  if (request.trace) {
    throw new ComponentModule(`${label} is a component: --trace logs WASI preview1 calls, and a component makes WASI 0.2 calls`, { hint: 'run it without --trace' });
  }
  const capture = request.capture === true;
  return {
    label,
    async run() {
      const { runComponent } = await import('../component/run-component.js');
      const result = await runComponent(label, bytes, {
        args: request.args ?? (typeof request.module === 'string' ? [path.basename(request.module)] : []),
        env: request.env ?? {},
        preopens: request.preopens ?? [],
        ...(request.stdin === undefined ? {} : { stdin: request.stdin }),
        ...(capture ? { stdout: 'capture', stderr: 'capture' } : { ...(request.stdout === undefined ? {} : { stdout: request.stdout }), ...(request.stderr === undefined ? {} : { stderr: request.stderr }) }),
        ...(request.maxMemory ? { maxMemory: { bytes: request.maxMemory.bytes, label: request.maxMemory.label ?? `${request.maxMemory.bytes}B` } } : {}),
        backtrace: request.backtrace === true,
      });
      if (result.exitCode > MAX_GUEST_EXIT) throw new ExitStatusOutOfRange(result.exitCode);
      return { exitCode: result.exitCode, ...(capture ? { stdout: result.stdout, stderr: result.stderr } : {}) };
    },
  };
}

/** An invoked export runs as in a reactor: memory bound (nothing faked), `_initialize` first. */
function invoke(wasi: WASI, instance: WebAssembly.Instance, name: string, invocation: { type: FuncType; args: WasmValue[] }): WasmValue[] {
  const { memory, _initialize } = instance.exports;
  if (memory instanceof WebAssembly.Memory) wasi.finalizeBindings(instance, { memory });
  if (typeof _initialize === 'function') _initialize();
  const exported = instance.exports[name] as (...args: WasmValue[]) => unknown;
  return resultValues(exported(...invocation.args), invocation.type);
}

async function readCoreModule(label: string, bytes: Uint8Array<ArrayBuffer>): Promise<CoreModuleInfo> {
  let info: ReturnType<typeof readModule>;
  try {
    info = readModule(bytes);
  } catch (error) {
    // Our reader only knows what it needs; let V8 explain an invalid module first.
    await compileModule(label, bytes);
    throw new InvalidModule(`${label}: cannot read the module's sections: ${printable((error as Error).message)}`, { cause: error });
  }
  if (info.format === 'component') throw new ComponentModule(`${label} is a WebAssembly component`);
  return info;
}

function checkImports(label: string, wanted: WebAssembly.ModuleImportDescriptor[], provided: Record<string, Record<string, unknown>>): void {
  const unknown = wanted.filter((entry) => {
    const value = provided[entry.module]?.[entry.name];
    return value === undefined || (entry.kind === 'function') !== (typeof value === 'function');
  });
  if (unknown.length === 0) return;
  const listed = unknown.slice(0, 12).map((entry) => printable(`${entry.module}.${entry.name} (${entry.kind})`));
  if (unknown.length > 12) listed.push(`and ${unknown.length - 12} more`);
  const wasiOnly = unknown.every((entry) => WASI_NAMESPACES.includes(entry.module));
  throw new UnknownImports(`${label} has imports wasi-kit does not provide: ${listed.join(', ')}`, {
    hint: wasiOnly
      ? 'these are not WASI preview1 functions; wasi-kit runs preview1 (wasm32-wasip1) modules'
      : 'wasi-kit provides only WASI preview1 (wasi_snapshot_preview1, wasi_unstable); link the rest into the module',
  });
}

/**
 * A WASI function imported with another type (built for another ABI, or hand-written wrong) is
 * refused at link, as wasmtime refuses it: the host would misread its arguments (an i64 where
 * a pointer goes) rather than fail.
 */
function checkWasiTypes(label: string, bytes: Uint8Array): void {
  for (const entry of readImportTypes(bytes) ?? []) {
    if (entry.kind !== 'func' || !WASI_NAMESPACES.includes(entry.module) || !entry.type) continue;
    // A name WASI lacks is checkImports' to report.
    const wanted = coreTypeOf(entry.name);
    if (!wanted || coreTypeText(entry.type) === coreTypeText(wanted)) continue;
    throw new UnknownImports(
      `${label} cannot be linked: ${printable(`${entry.module}::${entry.name}`)} is imported as ${coreTypeText(entry.type)}, but WASI defines it as ${coreTypeText(wanted)}`,
      { hint: 'rebuild the module for wasm32-wasip1 (it was built against another ABI, or its import is declared wrong)' },
    );
  }
}

/** A function type as wasmtime prints one: `(i32, i32) -> (i32)`. */
function coreTypeText(type: { params: readonly string[]; results: readonly string[] }): string {
  return `(${type.params.join(', ')}) -> (${type.results.join(', ')})`;
}

/** Synchronous, as compiling is (see compileModule): a start section runs inside this call. */
function instantiate(label: string, module: WebAssembly.Module, imports: WebAssembly.Imports): WebAssembly.Instance {
  try {
    return new WebAssembly.Instance(module, imports);
  } catch (error) {
    if (error instanceof WebAssembly.LinkError) throw new UnknownImports(`${label} cannot be linked: ${v8Reason(error)}`, { cause: error });
    throw error;
  }
}

/** A trace that cannot be written (`--trace-file /dev/full`) stops the run with one line, not a stack. */
function guardSink(sink: TraceSink, target: string): TraceSink {
  let failed = false;
  return {
    write(line) {
      if (failed) return;
      try {
        sink.write(line);
      } catch (error) {
        if (isUserError(error)) throw error;
        failed = true;
        const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        throw new UserError(`cannot write the trace to ${target}: ${reason}`, { hint: 'trace to a file on a disk with room, or to stderr with --trace', cause: error });
      }
    },
    close() {
      try {
        sink.close();
      } catch {
        // Closing after a failed write may fail again; the write's error already says why.
      }
    },
  };
}
