import { constants, openSync } from 'node:fs';
import { createContext, type WasiContext } from './context.js';
import { FdEntry } from './fd/entry.js';
import { StdioStream } from './fd/stdio.js';
import { UserError } from '@wasi-kit/errors';
import { ProcExit } from './failures.js';
import { encodeUtf8 } from './memory/guest-memory.js';
import { notACommand } from './module-errors.js';
import { validateOptions, type ValidatedOptions, type WASIOptions } from './options.js';
import type { Preview1Imports, UnstableImports } from './preview1/imports.js';
import { DIRECTORY_RIGHTS, FILE_RIGHTS, Filetype, MUTATING_RIGHTS, STDIO_RIGHTS, Rights } from './preview1/spec.js';
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
    const rights = [STDIO_RIGHTS & ~Rights.FD_WRITE, STDIO_RIGHTS & ~Rights.FD_READ, STDIO_RIGHTS & ~Rights.FD_READ];
    [stdin, stdout, stderr].forEach((stream, fd) => {
      const entry = new FdEntry('stdio', stream.hostFd, stream.filetype, rights[fd]!, 0);
      entry.stdio = stream;
      this.ctx.fds.set(fd, entry);
    });
  }

  /** Preopens get fds 3, 4, … in the order given. A read-only one can pass on no mutating right. */
  private installPreopens(): void {
    for (const grant of this.options.preopens) {
      let hostFd: number;
      try {
        hostFd = openSync(grant.hostPath, constants.O_RDONLY | constants.O_DIRECTORY);
      } catch (error) {
        throw new UserError(`options.preopens['${grant.guestPath}']: cannot open ${grant.hostPath}: ${(error as Error).message}`, { cause: error });
      }
      const mask = grant.readonly ? ~MUTATING_RIGHTS : -1;
      const entry = new FdEntry('directory', hostFd, Filetype.DIRECTORY, DIRECTORY_RIGHTS & mask, (DIRECTORY_RIGHTS | FILE_RIGHTS) & mask, grant.hostPath);
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
    const exports = exportsOf(instance);
    if (typeof exports._start !== 'function') throw notACommand('the module', '_start');
    this.finalizeBindings(instance);
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
    const exports = exportsOf(instance);
    if (typeof exports._start === 'function') throw new UserError('initialize(): the module exports _start, so it is a command; use start()', { code: 'ERR_INVALID_ARG_TYPE' });
    if (exports._initialize !== undefined && typeof exports._initialize !== 'function') throw new UserError('initialize(): the module\'s _initialize export is not a function', { code: 'ERR_INVALID_ARG_TYPE' });
    this.finalizeBindings(instance);
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
  finalizeBindings(instance: WebAssembly.Instance, { memory = instance.exports.memory }: { memory?: unknown } = {}): void {
    if (this.started) throw new UserError('this WASI instance has already started a module', { code: 'ERR_WASI_ALREADY_STARTED' });
    exportsOf(instance);
    if (!(memory instanceof WebAssembly.Memory)) throw notACommand('the module', 'memory');
    if (this.ctx.stdio[0].pending !== undefined) {
      throw new UserError('options.stdin: a Readable must be read before the guest starts', { hint: 'await wasi.ready() before start(), or use run()' });
    }
    this.started = true;
    this.ctx.memory.attach(memory);
  }
}

/** The instance's exports; what is not an instance is refused the way node:wasi refuses it. */
function exportsOf(instance: unknown): WebAssembly.Exports {
  const exports = typeof instance === 'object' && instance !== null ? (instance as { exports?: unknown }).exports : undefined;
  if (typeof exports !== 'object' || exports === null) throw new UserError('instance.exports: must be an object (pass a WebAssembly.Instance)', { code: 'ERR_INVALID_ARG_TYPE' });
  return exports as WebAssembly.Exports;
}
