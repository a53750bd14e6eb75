import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { printable } from '@wasi-kit/errors';
import { InvalidModule, NotWasm, UnreadableModule, v8Reason } from '../module-errors.js';
import { assemble, runnableRanges, withoutDebugSections } from './debug-sections.js';
import { describeNonWasm } from './file-kind.js';
import { formatBytes } from './memory-limit.js';
import { readPreamble } from './module-reader.js';

/** V8 refuses modules above 1 GiB (kV8MaxWasmModuleSize); a file larger than that is never read whole. */
export const MAX_MODULE_BYTES = 1024 ** 3;
/** Enough of the head to tell what a file is (describeNonWasm looks at 4 KiB). */
const HEAD_BYTES = 4096;

/** A module's bytes and how messages name it. */
export interface ModuleSource {
  bytes: Uint8Array<ArrayBuffer>;
  label: string;
}

export interface LoadOptions {
  label?: string;
  /** For running: a core module without its DWARF (debug-sections.ts), which is then never read from disk. */
  withoutDebugSections?: boolean;
}

/**
 * Reads a module for running or inspecting: a `.wat` is compiled in memory, a binary is checked to
 * be a core wasm module or a WASI 0.2 component. Its head and size are checked before it is read whole, so a huge or
 * foreign file costs one small read. Every way this fails is one line that says what the file is.
 */
export async function loadModule(module: string | Uint8Array, options: LoadOptions = {}): Promise<ModuleSource> {
  const strip = options.withoutDebugSections === true;
  const runnable = (bytes: Uint8Array<ArrayBuffer>) => (strip && readPreamble(bytes)?.format === 'core' ? withoutDebugSections(bytes) : bytes);
  if (typeof module !== 'string') {
    const label = options.label ?? 'the module';
    const bytes = new Uint8Array(module);
    checkWasmBinary(label, bytes);
    return { bytes: runnable(bytes), label };
  }
  const label = options.label ?? module;
  const isWat = /\.wat$/i.test(module);
  const bytes = readModuleFile(module, label, isWat ? undefined : (head) => checkWasmBinary(label, head), strip && !isWat);
  if (isWat) {
    const { compileWat } = await import('./wat.js');
    return { bytes: runnable(await compileWat(label, new TextDecoder().decode(bytes))), label };
  }
  // A regular file was read without its DWARF already (a walk over its section headers finds none
  // left); a pipe was read whole.
  return { bytes: runnable(bytes), label };
}

/** Throws the one-line error when `bytes` (or just their head) are neither a runnable core module nor a component. */
export function checkWasmBinary(label: string, bytes: Uint8Array): void {
  const preamble = readPreamble(bytes);
  if (!preamble) {
    const kind = describeNonWasm(bytes);
    const hint = kind.startsWith('WebAssembly text')
      ? `rename it to ${label.replace(/\.[^./]*$/, '')}.wat and wasi-kit compiles it in memory`
      : 'pass a .wasm built for WASI (wasi-kit build) or a .wat file';
    throw new NotWasm(`${label} is not a WebAssembly module: it looks like ${printable(kind)}`, { hint });
  }
  // Components are run by the component host (component/run-component.ts).
  if (preamble.format === 'component') return;
  if (preamble.version !== 1) {
    throw new InvalidModule(`${label} is not a valid WebAssembly module: unsupported binary version ${preamble.version}`, { hint: 'wasi-kit runs version 1 core modules' });
  }
}

/**
 * Compiles with V8's validation message on one line. Synchronously: with V8's lazy compilation a
 * 7 MB debug build takes ~2 ms this way, where `WebAssembly.compile()` waits for background tasks
 * (~100 ms on a busy machine), which is most of a dev cycle's overhead.
 */
export async function compileModule(label: string, bytes: Uint8Array<ArrayBuffer>): Promise<WebAssembly.Module> {
  try {
    return new WebAssembly.Module(bytes);
  } catch (error) {
    if (!(error instanceof WebAssembly.CompileError)) throw error;
    throw new InvalidModule(`${label} is not a valid WebAssembly module: ${v8Reason(error)}`, { hint: 'the file may be truncated or corrupt; rebuild it', cause: error });
  }
}

/**
 * Synchronous: a module is read before anything runs, and sync reads skip the thread pool (start-up time).
 * `skipDebug`: a core module's `.debug_*` sections are stepped over in a regular file, not read.
 */
function readModuleFile(file: string, label: string, checkHead: ((head: Uint8Array) => void) | undefined, skipDebug = false): Uint8Array<ArrayBuffer> {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw unreadable(file, label, error);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new UnreadableModule(`${label} is a directory, not a module`, { hint: 'pass the .wasm or .wat file inside it' });
    // A file of size 0 may still hold bytes (/proc's files): it is read as a stream is.
    if (stat.isFile() && stat.size > 0) {
      const head = readUpTo(fd, Math.min(HEAD_BYTES, stat.size), 0);
      checkHead?.(head);
      if (stat.size > MAX_MODULE_BYTES) throw tooLarge(label, stat.size);
      if (head.length === stat.size) return head;
      if (skipDebug && readPreamble(head)?.format === 'core') {
        const readAt = sectionReader(fd, head);
        const ranges = runnableRanges(readAt, stat.size);
        if (ranges) return assemble(ranges, (target, offset) => readFully(fd, target, offset));
      }
      // Read straight into the module's buffer: a second buffer and a copy cost a 75 MB module ~0.5 s.
      const bytes = new Uint8Array(stat.size);
      bytes.set(head);
      const total = head.length + readFully(fd, bytes.subarray(head.length), head.length);
      return total === stat.size ? bytes : bytes.subarray(0, total);
    }
    // A pipe or a device (`run /dev/stdin`): its head is checked before the rest is read (so
    // /dev/zero is refused at once, not after 1 GiB), then it is read to the end, never past the limit.
    const head = readUpTo(fd, HEAD_BYTES);
    checkHead?.(head);
    if (head.length < HEAD_BYTES) return head;
    const rest = readUpTo(fd, MAX_MODULE_BYTES + 1 - head.length);
    if (head.length + rest.length > MAX_MODULE_BYTES) throw tooLarge(label, head.length + rest.length);
    const bytes = new Uint8Array(head.length + rest.length);
    bytes.set(head);
    bytes.set(rest, head.length);
    return bytes;
  } catch (error) {
    if (error instanceof Error && 'code' in error && typeof error.code === 'string') throw unreadable(file, label, error);
    throw error;
  } finally {
    closeSync(fd);
  }
}

/** Reads section headers for runnableRanges: from the head when they lie in it, else a small window at a time. */
function sectionReader(fd: number, head: Uint8Array<ArrayBuffer>): (offset: number, length: number) => Uint8Array {
  let window = head;
  let windowAt = 0;
  return (offset, length) => {
    if (offset < windowAt || offset + length > windowAt + window.length) {
      window = readUpTo(fd, HEAD_BYTES, offset);
      windowAt = offset;
    }
    return window.subarray(offset - windowAt, offset - windowAt + length);
  };
}

/** Fills `target` from the file at `position` until it is full or the file ends; returns the bytes read. */
function readFully(fd: number, target: Uint8Array, position: number): number {
  let total = 0;
  while (total < target.length) {
    const bytesRead = readSync(fd, target, total, target.length - total, position + total);
    if (bytesRead === 0) break;
    total += bytesRead;
  }
  return total;
}

/** Reads until `length` bytes or the end of the file, whichever comes first; at `position`, or onward for a stream. */
function readUpTo(fd: number, length: number, position?: number): Uint8Array<ArrayBuffer> {
  if (position !== undefined) {
    // A regular file is read into one buffer of the length asked for.
    const bytes = new Uint8Array(length);
    const total = readFully(fd, bytes, position);
    return total === length ? bytes : bytes.subarray(0, total);
  }
  // A stream, in chunks that grow only as it does.
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let total = 0;
  while (total < length) {
    const chunk = new Uint8Array(Math.min(1 << 20, length - total));
    const bytesRead = readSync(fd, chunk, 0, chunk.length, null);
    if (bytesRead === 0) break;
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function tooLarge(label: string, size: number): InvalidModule {
  return new InvalidModule(`${label} is ${formatBytes(size)}, larger than the ${formatBytes(MAX_MODULE_BYTES)} a WebAssembly module can be`, { hint: 'pass the .wasm file itself; the file may be something else' });
}

function unreadable(file: string, label: string, error: unknown): UnreadableModule {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new UnreadableModule(`${label}: no such file`, { hint: 'check the path; build the module first with wasi-kit build', cause: error });
  if (code === 'EISDIR') return new UnreadableModule(`${label} is a directory, not a module`, { hint: 'pass the .wasm or .wat file inside it', cause: error });
  if (code === 'EACCES' || code === 'EPERM') return new UnreadableModule(`${label}: permission denied`, { cause: error });
  return new UnreadableModule(`cannot read ${label} (${path.resolve(file)}): ${code ?? v8Reason(error)}`, { cause: error });
}
