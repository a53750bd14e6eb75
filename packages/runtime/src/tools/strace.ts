import { closeSync, openSync, writeSync } from 'node:fs';
import { Errno } from '../preview1/spec.js';
import { UserError } from '@wasi-kit/errors';
import { ENUM_VALUES, FLAG_BITS, isEnumKind, isFlagKind, type LaidOutParam, signatureOf, UNSTABLE_WHENCE } from '../preview1/abi.js';

// One line per WASI call, strace-style: `fd_write(fd=1, iovs=0x0, iovs_len=1 [20], nwritten=0x14) -> ESUCCESS (nwritten=20)`.
// Installed only when tracing is asked for, so an untraced run pays nothing.

export interface TraceSink {
  write(line: string): void;
  close(): void;
}

type HostFunction = (...args: unknown[]) => unknown;
type ImportObject = Record<string, Record<string, unknown>>;

/** Trace lines to a file (created or truncated) or, by default, to the process's stderr. */
export function openTraceSink(file?: string): TraceSink {
  const fd = file === undefined ? 2 : openTraceFile(file);
  return {
    write: (line) => writeFully(fd, `${line}\n`),
    close: () => {
      if (fd !== 2) closeSync(fd);
    },
  };
}

function openTraceFile(file: string): number {
  try {
    return openSync(file, 'w');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UserError(`cannot write the trace to ${file}: ${reason}`, { hint: 'pass a --trace-file path in a folder that exists and is writable', cause: error });
  }
}

export interface Tracer {
  imports: ImportObject;
  /** Gives the tracer the instance's memory, to read paths, iovecs and results. */
  attach(instance: WebAssembly.Instance): void;
}

export function traceImports(imports: ImportObject, sink: TraceSink): Tracer {
  let memory: WebAssembly.Memory | undefined;
  const guestBytes = (): Uint8Array | undefined => (memory === undefined ? undefined : new Uint8Array(memory.buffer));
  const traced: ImportObject = {};
  for (const [namespace, functions] of Object.entries(imports)) {
    traced[namespace] = Object.fromEntries(
      Object.entries(functions).map(([name, value]) => [name, typeof value === 'function' ? wrap(namespace, name, value as HostFunction, functions) : value]),
    );
  }

  function wrap(namespace: string, name: string, fn: HostFunction, self: unknown): HostFunction {
    const params = signatureOf(name)?.params;
    const render = (args: unknown[]): string => `${name}(${renderArgs(params, args, namespace, guestBytes()).join(', ')})`;
    return (...args: unknown[]) => {
      // proc_exit does not return: log it before it ends the run (its one argument is a number).
      if (name === 'proc_exit') sink.write(render(args));
      let result: unknown;
      try {
        result = fn.apply(self, args);
      } catch (error) {
        if (name !== 'proc_exit') sink.write(`${render(args)} -> trap: ${error instanceof Error ? error.message : String(error)}`);
        throw error;
      }
      // Guest memory is decoded only after the call has checked the arguments, and every read is bounds-checked.
      if (typeof result === 'number') {
        const outputs = result === 0 && params ? renderOutputs(params, args, guestBytes()) : [];
        sink.write(`${render(args)} -> ${errnoName(result)}${outputs.length > 0 ? ` (${outputs.join(', ')})` : ''}`);
      } else if (name !== 'proc_exit') {
        sink.write(render(args));
      }
      return result;
    };
  }

  return {
    imports: traced,
    attach(instance) {
      const exported = instance.exports.memory;
      if (exported instanceof WebAssembly.Memory) memory = exported;
    },
  };
}

/** At most this many bytes of a guest string are shown. */
const SHOWN_BYTES = 256;
/** At most this many iovec lengths are shown. */
const SHOWN_IOVECS = 8;

function renderArgs(params: readonly LaidOutParam[] | undefined, args: unknown[], namespace: string, bytes: Uint8Array | undefined): string[] {
  if (!params) return args.map((arg) => String(arg));
  return params.map(({ name, kind, at }) => {
    const arg = args[at];
    switch (kind) {
      case 'path':
        return `${name}=${quote(guestString(bytes, arg, args[at + 1]))}`;
      case 'iovs':
        return `${name}=${hex(arg)}, ${name}_len=${unsigned(args[at + 1])} [${iovecLengths(bytes, arg, args[at + 1])}]`;
      case 'outBuffer':
      case 'outString':
        return `${name}=${hex(arg)}, ${name}_len=${unsigned(args[at + 1])}`;
      case 'fd':
      case 'u32':
        return `${name}=${unsigned(arg)}`;
      case 'u64':
        return `${name}=${typeof arg === 'bigint' ? BigInt.asUintN(64, arg) : String(arg)}`;
      case 's64':
        return `${name}=${String(arg)}`;
      case 'whence':
        return `${name}=${enumName(namespace === 'wasi_unstable' ? UNSTABLE_WHENCE : ENUM_VALUES.whence, arg)}`;
      default:
        if (isFlagKind(kind)) return `${name}=${flagNames(FLAG_BITS[kind], arg)}`;
        if (isEnumKind(kind)) return `${name}=${enumName(ENUM_VALUES[kind], arg)}`;
        // Pointers and rights.
        return `${name}=${hex(arg)}`;
    }
  });
}

/** After a successful call: the values written to out-pointers, and out strings. */
function renderOutputs(params: readonly LaidOutParam[], args: unknown[], bytes: Uint8Array | undefined): string[] {
  if (bytes === undefined) return [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = (pointer: unknown, size: 2 | 4 | 8): bigint | undefined => {
    const p = Number(pointer) >>> 0;
    if (p + size > bytes.length) return undefined;
    return size === 8 ? view.getBigUint64(p, true) : BigInt(size === 4 ? view.getUint32(p, true) : view.getUint16(p, true));
  };
  const show = (value: bigint | undefined): string => (value === undefined ? '<out of bounds>' : String(value));
  const bufused = params.find((param) => param.name === 'bufused');
  const outputs: string[] = [];
  for (const { name, kind, at } of params) {
    if (kind === 'outU32' || kind === 'outFd') outputs.push(`${name}=${show(read(args[at], 4))}`);
    else if (kind === 'outU64') outputs.push(`${name}=${show(read(args[at], 8))}`);
    else if (kind === 'outU16') outputs.push(`${name}=${show(read(args[at], 2))}`);
    else if (kind === 'outString') {
      // path_readlink fills bufused bytes; fd_prestat_dir_name fills the whole buffer.
      const length = bufused !== undefined ? read(args[bufused.at], 4) : BigInt(Number(args[at + 1]) >>> 0);
      outputs.push(`${name}=${quote(length === undefined ? undefined : guestString(bytes, args[at], Number(length)))}`);
    }
  }
  return outputs;
}

function iovecLengths(bytes: Uint8Array | undefined, pointer: unknown, count: unknown): string {
  if (bytes === undefined) return '?';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const base = Number(pointer) >>> 0;
  const n = Number(count) >>> 0;
  const lengths: number[] = [];
  for (let k = 0; k < Math.min(n, SHOWN_IOVECS); k++) {
    const at = base + k * 8 + 4;
    if (at + 4 > bytes.length) return '<out of bounds>';
    lengths.push(view.getUint32(at, true));
  }
  return `${lengths.join(', ')}${n > SHOWN_IOVECS ? ', …' : ''}`;
}

const lenient = new TextDecoder('utf-8', { ignoreBOM: true });

/** A guest string for display: pointer and length are u32, the range must lie in memory, long ones are cut. */
function guestString(bytes: Uint8Array | undefined, pointer: unknown, length: unknown): string | undefined {
  if (bytes === undefined) return undefined;
  const start = Number(pointer) >>> 0;
  const len = Number(length) >>> 0;
  if (start + len > bytes.length) return undefined;
  const shown = lenient.decode(bytes.subarray(start, start + Math.min(len, SHOWN_BYTES)));
  return len > SHOWN_BYTES ? `${shown}…` : shown;
}

/** JSON quoting, plus DEL, C1 controls and bidi overrides escaped, so a guest string cannot drive the terminal. */
function quote(text: string | undefined): string {
  if (text === undefined) return '<out of bounds>';
  return JSON.stringify(text).replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function unsigned(value: unknown): string {
  return typeof value === 'number' ? String(value >>> 0) : String(value);
}

function hex(value: unknown): string {
  return typeof value === 'number' ? `0x${(value >>> 0).toString(16)}` : typeof value === 'bigint' ? `0x${BigInt.asUintN(64, value).toString(16)}` : String(value);
}

function flagNames(names: readonly string[], value: unknown): string {
  const bits = Number(value) >>> 0;
  if (bits === 0) return '0';
  const set = names.filter((_, bit) => bits & (1 << bit));
  const unknown = (bits & ~((1 << names.length) - 1)) >>> 0;
  return [...set, ...(unknown ? [hex(unknown)] : [])].join('|');
}

function enumName(names: readonly string[], value: unknown): string {
  return names[Number(value) >>> 0] ?? unsigned(value);
}

/** A sync write that survives a non-blocking pipe (EAGAIN) and short writes. */
function writeFully(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}

/** `ESUCCESS`, `EBADF`, `ENOTCAPABLE`…: the spec's names (witx `errno`) with the usual E prefix. */
function errnoName(errno: number): string {
  const name = (Errno as unknown as Record<number, string | undefined>)[errno];
  return name === undefined ? `errno ${errno}` : `E${name}`;
}
