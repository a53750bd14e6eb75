import { fstatSync, readSync, writeSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { isatty } from 'node:tty';
import { Filetype } from '../preview1/spec.js';
import { BatchedSink, isDevNull, type OutputBatch } from './output-batch.js';

/** Where a guest's stdin comes from: a host fd, a Node Readable (drained before start), or bytes. */
export type StdioSource = number | Readable | string | Uint8Array;
/** Where a guest's stdout/stderr go: a host fd, a Node Writable, or `'capture'` (kept in memory). */
export type StdioSink = number | Writable | 'capture';

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Waits briefly for a non-blocking host fd (EAGAIN) without spinning. */
export function waitForHost(): void {
  Atomics.wait(pause, 0, 0, 1);
}

function isAgain(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EAGAIN' || code === 'EWOULDBLOCK';
}

/** One end of the guest's stdio: the host fd, in-memory bytes, a Writable, or a capture buffer. */
export class StdioStream {
  /** Host fd, or -1 when the stream lives in memory. */
  readonly hostFd: number;
  private input: Uint8Array | undefined;
  private inputOffset = 0;
  private readonly writable: Writable | undefined;
  private readonly chunks: Buffer[] | undefined;
  /** A Readable that `drain()` must read before the guest starts. */
  pending: Readable | undefined;
  /** Set while a command runs with this sink batched (see output-batch.ts). */
  private batched: BatchedSink | undefined = undefined;

  private constructor(hostFd: number, input: Uint8Array | undefined, writable: Writable | undefined, chunks: Buffer[] | undefined) {
    this.hostFd = hostFd;
    this.input = input;
    this.writable = writable;
    this.chunks = chunks;
  }

  static fromSource(source: StdioSource): StdioStream {
    if (typeof source === 'number') return new StdioStream(source, undefined, undefined, undefined);
    if (typeof source === 'string') return new StdioStream(-1, Buffer.from(source, 'utf8'), undefined, undefined);
    if (source instanceof Uint8Array) return new StdioStream(-1, source, undefined, undefined);
    // process.stdin is read through fd 0 as the guest asks (draining it first would wait for EOF).
    if (source === process.stdin) return new StdioStream(0, undefined, undefined, undefined);
    const stream = new StdioStream(-1, undefined, undefined, undefined);
    stream.pending = source;
    return stream;
  }

  static toSink(sink: StdioSink): StdioStream {
    if (typeof sink === 'number') return new StdioStream(sink, undefined, undefined, undefined);
    if (sink === 'capture') return new StdioStream(-1, undefined, undefined, []);
    return new StdioStream(-1, undefined, sink, undefined);
  }

  /** poll_oneoff's nbytes for stdin: what is left of in-memory input; a host stream says 1, as wasmtime's does. */
  get available(): number {
    return this.input === undefined ? 1 : this.input.length - this.inputOffset;
  }

  /** Reads a pending Readable fully (run() does this before the guest starts). */
  async drain(): Promise<void> {
    const readable = this.pending;
    if (readable === undefined) return;
    const parts: Buffer[] = [];
    for await (const chunk of readable) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
    this.input = Buffer.concat(parts);
    this.pending = undefined;
  }

  /**
   * The filetype the guest sees, as wasmtime reports stdio's: a character device for a terminal,
   * otherwise unknown (a redirected file is not seekable through stdio: ESPIPE). wasi-libc's
   * isatty() is "a character device without seek rights", so /dev/null as stdout must read as
   * UNKNOWN or a guest would think it is a tty.
   */
  get filetype(): number {
    if (this.hostFd < 0) return Filetype.UNKNOWN;
    try {
      const stat = fstatSync(this.hostFd);
      // /dev/null (a benchmark's or a daemon's stdout) is answered without loading node:tty.
      if (stat.isCharacterDevice() && !isDevNull(stat) && isatty(this.hostFd)) return Filetype.CHARACTER_DEVICE;
    } catch {
      // A closed host fd reads as an unknown stream.
    }
    return Filetype.UNKNOWN;
  }

  read(target: Uint8Array, offset: number, length: number): number {
    if (this.hostFd >= 0) {
      for (;;) {
        try {
          return readSync(this.hostFd, target, offset, length, null);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EOF') return 0;
          if (!isAgain(error)) throw error;
          waitForHost();
        }
      }
    }
    const input = this.input;
    if (input === undefined) return 0;
    const n = Math.min(length, input.length - this.inputOffset);
    target.set(input.subarray(this.inputOffset, this.inputOffset + n), offset);
    this.inputOffset += n;
    return n;
  }

  /** Batches writes to a file or non-terminal device until `stopBatching()`. */
  startBatching(batch: OutputBatch): void {
    if (this.chunks === undefined && this.writable === undefined && BatchedSink.suits(this.hostFd)) this.batched = new BatchedSink(this.hostFd, batch);
  }

  /** Writes what is batched and goes back to direct writes; a late write error is dropped (the guest is gone). */
  stopBatching(): void {
    this.batched?.flush();
    this.batched = undefined;
  }

  /** Writes go straight to the host fd, unbatched (fd-io.ts may then write the guest's iovecs itself). */
  get writesDirectly(): boolean {
    return this.hostFd >= 0 && this.batched === undefined;
  }

  get isBatched(): boolean {
    return this.batched !== undefined;
  }

  write(source: Uint8Array, offset: number, length: number): number {
    const batched = this.batched;
    if (batched !== undefined) {
      if (batched.deferredError !== undefined) {
        const error = batched.deferredError;
        batched.deferredError = undefined;
        throw error;
      }
      if (batched.add(source, offset, length)) return length;
    }
    if (this.hostFd >= 0) {
      for (;;) {
        try {
          return writeSync(this.hostFd, source, offset, length);
        } catch (error) {
          if (!isAgain(error)) throw error;
          waitForHost();
        }
      }
    }
    if (this.chunks !== undefined) this.chunks.push(Buffer.from(source.subarray(offset, offset + length)));
    else if (this.writable !== undefined) this.writable.write(Buffer.from(source.subarray(offset, offset + length)));
    return length;
  }

  /** The text a `'capture'` sink collected. */
  captured(): string {
    return this.chunks === undefined ? '' : Buffer.concat(this.chunks).toString('utf8');
  }

  /** Writable streams are ended by the embedder, not here; this only reports whether it is in memory. */
  get isHostFd(): boolean {
    return this.hostFd >= 0;
  }
}
