import { closeSync, openSync, writeSync } from 'node:fs';
import { Errno } from '../preview1/spec.js';
import { UserError } from '@wasi-kit/errors';
import { ENUM_NAMES, FLAG_NAMES, traceParams, UNSTABLE_WHENCE, type TraceParam } from './trace-signatures.js';

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
  const traced: ImportObject = {};
  for (const [namespace, functions] of Object.entries(imports)) {
    traced[namespace] = Object.fromEntries(
      Object.entries(functions).map(([name, value]) => [name, typeof value === 'function' ? wrap(namespace, name, value as HostFunction, functions) : value]),
    );
  }

  function wrap(namespace: string, name: string, fn: HostFunction, self: unknown): HostFunction {
    const params = traceParams(name);
    return (...args: unknown[]) => {
      const call = `${name}(${renderArgs(params, args, namespace, () => memory).join(', ')})`;
      // proc_exit does not return: log it before it ends the run.
      if (name === 'proc_exit') sink.write(call);
      let result: unknown;
      try {
        result = fn.apply(self, args);
      } catch (error) {
        if (name !== 'proc_exit') sink.write(`${call} -> trap: ${error instanceof Error ? error.message : String(error)}`);
        throw error;
      }
      if (typeof result === 'number') {
        const outputs = result === 0 && params ? renderOutputs(params, args, () => memory) : [];
        sink.write(`${call} -> ${errnoName(result)}${outputs.length > 0 ? ` (${outputs.join(', ')})` : ''}`);
      } else if (name !== 'proc_exit') {
        sink.write(call);
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

type MemoryRef = () => WebAssembly.Memory | undefined;

function renderArgs(params: TraceParam[] | undefined, args: unknown[], namespace: string, memory: MemoryRef): string[] {
  if (!params) return args.map((arg) => String(arg));
  const parts: string[] = [];
  let i = 0;
  for (const { name, kind } of params) {
    const arg = args[i++];
    switch (kind) {
      case 'path':
        parts.push(`${name}=${quote(readString(memory, arg, args[i++]))}`);
        break;
      case 'iovs': {
        const count = args[i++];
        parts.push(`${name}=${hex(arg)}`, `${name}_len=${String(count)} [${iovecLengths(memory, arg, count)}]`);
        break;
      }
      case 'outBuffer':
        parts.push(`${name}=${hex(arg)}`, `${name}_len=${String(args[i++])}`);
        break;
      case 'ptr':
      case 'outU32':
      case 'outU64':
      case 'outU16':
      case 'outFd':
        parts.push(`${name}=${hex(arg)}`);
        break;
      case 'rights':
        parts.push(`${name}=${hex(arg)}`);
        break;
      case 'whence':
        parts.push(`${name}=${enumName(namespace === 'wasi_unstable' ? UNSTABLE_WHENCE : ENUM_NAMES.whence, arg)}`);
        break;
      default: {
        const flags = FLAG_NAMES[kind];
        const names = ENUM_NAMES[kind];
        parts.push(`${name}=${flags ? flagNames(flags, arg) : names ? enumName(names, arg) : String(arg)}`);
      }
    }
  }
  return parts;
}

/** After a successful call: the values written to out-pointers, and out buffers as strings. */
function renderOutputs(params: TraceParam[], args: unknown[], memory: MemoryRef): string[] {
  const outputs: string[] = [];
  const bufused = params.findIndex((param) => param.name === 'bufused');
  let i = 0;
  for (const { name, kind } of params) {
    const at = i;
    i += kind === 'path' || kind === 'iovs' || kind === 'outBuffer' ? 2 : 1;
    const pointer = Number(args[at]);
    const view = dataView(memory);
    if (!view) continue;
    try {
      if (kind === 'outU32' || kind === 'outFd') outputs.push(`${name}=${view.getUint32(pointer, true)}`);
      else if (kind === 'outU64') outputs.push(`${name}=${view.getBigUint64(pointer, true)}`);
      else if (kind === 'outU16') outputs.push(`${name}=${view.getUint16(pointer, true)}`);
      else if (kind === 'outBuffer') {
        // path_readlink fills bufused bytes; fd_prestat_dir_name fills the whole buffer.
        const length = bufused >= 0 ? view.getUint32(Number(args[args.length - 1]), true) : Number(args[at + 1]);
        outputs.push(`${name}=${quote(readString(memory, pointer, length))}`);
      }
    } catch {
      outputs.push(`${name}=<out of bounds>`);
    }
  }
  return outputs;
}

function iovecLengths(memory: MemoryRef, pointer: unknown, count: unknown): string {
  const view = dataView(memory);
  const n = Number(count);
  if (!view) return '?';
  const lengths: number[] = [];
  try {
    for (let k = 0; k < Math.min(n, 8); k++) lengths.push(view.getUint32(Number(pointer) + k * 8 + 4, true));
  } catch {
    return '<out of bounds>';
  }
  return `${lengths.join(', ')}${n > 8 ? ', …' : ''}`;
}

function readString(memory: MemoryRef, pointer: unknown, length: unknown): string | undefined {
  const buffer = memory()?.buffer;
  const start = Number(pointer);
  const end = start + Number(length);
  if (!buffer || end > buffer.byteLength || start < 0) return undefined;
  return new TextDecoder().decode(new Uint8Array(buffer, start, end - start));
}

function dataView(memory: MemoryRef): DataView | undefined {
  const buffer = memory()?.buffer;
  return buffer ? new DataView(buffer) : undefined;
}

function quote(text: string | undefined): string {
  return text === undefined ? '<out of bounds>' : JSON.stringify(text);
}

function hex(value: unknown): string {
  return typeof value === 'number' ? `0x${(value >>> 0).toString(16)}` : typeof value === 'bigint' ? `0x${BigInt.asUintN(64, value).toString(16)}` : String(value);
}

function flagNames(names: readonly string[], value: unknown): string {
  const bits = Number(value);
  if (bits === 0) return '0';
  const set = names.filter((_, bit) => bits & (1 << bit));
  const unknown = bits & ~((1 << names.length) - 1);
  return [...set, ...(unknown ? [hex(unknown)] : [])].join('|');
}

function enumName(names: readonly string[] | undefined, value: unknown): string {
  return names?.[Number(value)] ?? String(value);
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
