import { constants, openSync } from 'node:fs';
import { createContext, type WasiContext } from './context.js';
import { Access, FdEntry } from './fd/entry.js';
import { StdioStream } from './fd/stdio.js';
import { UserError } from '@wasi-kit/errors';
import { ProcExit } from './failures.js';
import { encodeUtf8 } from './memory/guest-memory.js';
import { validateOptions, type ValidatedOptions, type WASIOptions } from './options.js';
import type { Preview1Imports, UnstableImports } from './preview1/imports.js';
import { Filetype } from './preview1/spec.js';
import { preview1Imports } from './preview1/syscalls.js';
import { unstableImports } from './preview1/unstable.js';

/** Options `prepare()` has already validated, so the WASI host does not check (and stat) them twice. */
const VALIDATED = Symbol('validated options');
export interface WasiImportObject {
  wasi_snapshot_preview1?: Preview1Imports;
  wasi_unstable?: UnstableImports;
}

/**
 * A WASI preview1 host with node:wasi's shape (`new WASI(options)`, `getImportObject()`,
 * `start()`, `initialize()`), where preopens are a capability sandbox (see fs/path-resolver.ts).
 */
export class WASI {
  readonly wasiImport: Preview1Imports | UnstableImports;
  private readonly ctx: WasiContext;
  private readonly options: ValidatedOptions;
  // Each namespace is bound when first asked for: a module imports one of them.
  private preview1Record: Preview1Imports | undefined;
  private unstableRecord: UnstableImports | undefined;
  private started = false;

  constructor(options?: WASIOptions) {
    const given = options as (WASIOptions & { [VALIDATED]?: ValidatedOptions }) | undefined;
    this.options = given?.[VALIDATED] ?? validateOptions(options);
    const { args, env, stdin, stdout, stderr } = this.options;
    const stdio = [StdioStream.fromSource(stdin), StdioStream.toSink(stdout), StdioStream.toSink(stderr)] as const;
    this.ctx = createContext(args.map(encodeUtf8), env.map(([key, value]) => encodeUtf8(`${key}=${value}`)), stdio);
    this.installStdio();
    this.installPreopens();
    this.wasiImport = this.options.version === 'unstable' ? this.unstable : this.preview1;
  }

  private get preview1(): Preview1Imports {
    return (this.preview1Record ??= preview1Imports(this.ctx));
  }

  private get unstable(): UnstableImports {
    return (this.unstableRecord ??= unstableImports(this.ctx));
  }

  private installStdio(): void {
    const [stdin, stdout, stderr] = this.ctx.stdio;
    [stdin, stdout, stderr].forEach((stream, fd) => {
      const entry = new FdEntry('stdio', stream.hostFd, stream.filetype, fd === 0 ? Access.READ : Access.WRITE, false);
      entry.stdio = stream;
      this.ctx.fds.set(fd, entry);
    });
  }

  /** Preopens get fds 3, 4, … in the order given. A read-only one marks everything opened beneath it read-only. */
  private installPreopens(): void {
    for (const grant of this.options.preopens) {
      let hostFd: number;
      try {
        hostFd = openSync(grant.hostPath, constants.O_RDONLY | constants.O_DIRECTORY);
      } catch (error) {
        throw new UserError(`options.preopens['${grant.guestPath}']: cannot open ${grant.hostPath}: ${(error as Error).message}`, { cause: error });
      }
      const entry = new FdEntry('directory', hostFd, Filetype.DIRECTORY, Access.READ, grant.readonly, grant.hostPath);
      entry.preopenPath = grant.guestPath;
      this.ctx.fds.insert(entry);
    }
  }

  /** The imports to instantiate with: the chosen namespace, or both when no version was given. */
  getImportObject(): WasiImportObject {
    if (this.options.version === 'preview1') return { wasi_snapshot_preview1: this.preview1 };
    if (this.options.version === 'unstable') return { wasi_unstable: this.unstable };
    return { wasi_snapshot_preview1: this.preview1, wasi_unstable: this.unstable };
  }

  /** Reads a Readable stdin fully; `run()` calls it, embedders using `start()` directly must await it first. */
  async ready(): Promise<void> {
    await this.ctx.stdio[0].drain();
  }

  /** A host for options `validateOptions()` has already checked. */
  static fromValidated(options: ValidatedOptions): WASI {
    return new WASI({ [VALIDATED]: options } as WASIOptions);
  }

  /**
   * Runs a command's `_start` and returns the code it exits with (0 when it returns normally), as
   * node:wasi does: whether a status is acceptable (wasmtime refuses 126+) is the caller's policy.
   */
  start(instance: WebAssembly.Instance): number {
    const { exports, memory } = this.bindable(instance);
    if (typeof exports._start !== 'function') throw invalidExport('_start', 'of type function', exports._start);
    if (exports._initialize !== undefined) throw invalidExport('_initialize', 'undefined', exports._initialize);
    this.bind(memory);
    const [, stdout, stderr] = this.ctx.stdio;
    stdout.startBatching(this.ctx.output);
    stderr.startBatching(this.ctx.output);
    try {
      (exports._start as () => void)();
      return 0;
    } catch (error) {
      if (!(error instanceof ProcExit)) throw error;
      if (!this.options.returnOnExit) {
        this.finish();
        process.exit(error.code);
      }
      return error.code;
    } finally {
      this.finish();
    }
  }

  /** After a command: batched output is written and the host fds the guest held are closed. */
  private finish(): void {
    this.ctx.output.flush();
    this.ctx.stdio[1].stopBatching();
    this.ctx.stdio[2].stopBatching();
    this.ctx.fds.closeAll();
  }

  /** Prepares a reactor: calls `_initialize` if it is exported. */
  initialize(instance: WebAssembly.Instance): void {
    const { exports, memory } = this.bindable(instance);
    if (exports._start !== undefined) throw invalidExport('_start', 'undefined', exports._start, 'a command is run with start()');
    if (exports._initialize !== undefined && typeof exports._initialize !== 'function') throw invalidExport('_initialize', 'of type function', exports._initialize);
    this.bind(memory);
    if (typeof exports._initialize === 'function') (exports._initialize as () => void)();
  }

  /** What `'capture'` sinks collected. */
  captured(): { stdout: string; stderr: string } {
    return { stdout: this.ctx.stdio[1].captured(), stderr: this.ctx.stdio[2].captured() };
  }

  /**
   * Binds the instance's memory without running anything (node:wasi's `finalizeBindings`), for
   * an embedder that calls the exports itself: `--invoke` of a command's function, for one.
   */
  finalizeBindings(instance: WebAssembly.Instance, options: { memory?: unknown } = {}): void {
    this.bind(this.bindable(instance, options).memory);
  }

  /** Attaches the memory bindable() checked: from now on the instance is started. */
  private bind(memory: WebAssembly.Memory): void {
    if (this.ctx.stdio[0].pending !== undefined) {
      throw new UserError('options.stdin: a Readable must be read before the guest starts', { hint: 'await wasi.ready() before start(), or use run()' });
    }
    this.started = true;
    this.ctx.memory.attach(memory);
  }

  /**
   * What every way to start checks first, in node:wasi's order and words (a drop-in caller may
   * test them): not started yet, an instance, a memory (from any realm, as node:wasi takes one).
   */
  private bindable(instance: WebAssembly.Instance, options: { memory?: unknown } = {}): { exports: WebAssembly.Exports; memory: WebAssembly.Memory } {
    if (this.started) throw new UserError('WASI instance has already started', { code: 'ERR_WASI_ALREADY_STARTED' });
    if (typeof instance !== 'object' || instance === null) throw new UserError(`The "instance" argument must be of type object. Received ${received(instance)}`, { code: 'ERR_INVALID_ARG_TYPE' });
    const exports: unknown = instance.exports;
    if (typeof exports !== 'object' || exports === null) throw new UserError(`The "instance.exports" property must be of type object. Received ${received(exports)}`, { code: 'ERR_INVALID_ARG_TYPE' });
    const memory = 'memory' in options ? options.memory : (exports as WebAssembly.Exports).memory;
    if (!isMemory(memory)) {
      throw new UserError(`The "instance.exports.memory" property must be a WebAssembly.Memory object. Received ${received(memory)}`, { code: 'ERR_INVALID_ARG_TYPE', hint: 'WASI modules export their linear memory as "memory"' });
    }
    return { exports: exports as WebAssembly.Exports, memory };
  }
}

/** node:wasi's refusal of an export start() or initialize() cannot take. */
function invalidExport(name: string, expected: string, value: unknown, hint?: string): UserError {
  return new UserError(`The "instance.exports.${name}" property must be ${expected}. Received ${received(value)}`, { code: 'ERR_INVALID_ARG_TYPE', hint });
}

/** How Node's ERR_INVALID_ARG_TYPE names the value it got. */
function received(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (typeof value === 'function') return `function ${value.name}`;
  if (typeof value === 'object') return `an instance of ${(value as object).constructor?.name ?? 'Object'}`;
  return `type ${typeof value} (${String(value)})`;
}

const memoryBuffer = Object.getOwnPropertyDescriptor(WebAssembly.Memory.prototype, 'buffer')!.get!;

/** A WebAssembly.Memory of any realm (a vm context's too): its buffer getter checks the brand, not the prototype. */
function isMemory(value: unknown): value is WebAssembly.Memory {
  if (typeof value !== 'object' || value === null) return false;
  try {
    memoryBuffer.call(value);
    return true;
  } catch {
    return false;
  }
}
