import { monotonicNow } from '../../preview1/clock.js';
import { errorCodeFromThrown, type ErrorCode } from './error-code.js';
import { InterfaceTrap } from './interface-trap.js';

/**
 * wasi:io (error, poll, streams) over synchronous host I/O. Every host read and write here blocks
 * until done, so a stream's pollable is always ready; only clock pollables wait (poll.ts in
 * preview1 does the same for subscriptions).
 */

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread until the monotonic clock reaches `deadline` (Atomics.wait: no spinning). */
function sleepUntil(deadline: bigint): void {
  for (let left = deadline - monotonicNow(); left > 0n; left = deadline - monotonicNow()) {
    Atomics.wait(sleeper, 0, 0, Math.max(1, Math.ceil(Number(left) / 1e6)));
  }
}

/** `wasi:io/error.error`: carries the filesystem error-code behind a failed stream operation. */
export class IoError {
  readonly code: ErrorCode;
  constructor(code: ErrorCode) {
    this.code = code;
  }

  toDebugString(): string {
    return this.code;
  }
}

/**
 * A stream whose pollables are its children, as in wasmtime's resource table (`push_child`):
 * dropping the stream while one of them lives traps, "resource has children".
 */
class PollableParent {
  private liveChildren = 0;

  protected child(): Pollable {
    this.liveChildren++;
    return new Pollable(undefined, () => this.liveChildren--);
  }

  [Symbol.dispose](): void {
    if (this.liveChildren > 0) throw new InterfaceTrap('wasi:io/streams: a stream dropped while its pollable lives (resource has children)');
  }
}

/** `wasi:io/poll.pollable`: ready now, or at a monotonic-clock deadline. */
export class Pollable {
  readonly deadline: bigint | undefined;
  private readonly onDrop: (() => void) | undefined;
  constructor(deadline?: bigint, onDrop?: () => void) {
    this.deadline = deadline;
    this.onDrop = onDrop;
  }

  [Symbol.dispose](): void {
    this.onDrop?.();
  }

  ready(): boolean {
    return this.deadline === undefined || monotonicNow() >= this.deadline;
  }

  block(): void {
    if (this.deadline !== undefined) sleepUntil(this.deadline);
  }
}

/** `wasi:io/poll.poll`: the indices of the ready pollables, waiting for the earliest deadline if none is. */
export function poll(pollables: Pollable[]): Uint32Array {
  if (pollables.length === 0) throw new InterfaceTrap('wasi:io/poll.poll: the list of pollables is empty');
  for (;;) {
    const ready = pollables.flatMap((pollable, index) => (pollable.ready() ? [index] : []));
    if (ready.length > 0) return Uint32Array.from(ready);
    sleepUntil(pollables.reduce((earliest, pollable) => (pollable.deadline! < earliest ? pollable.deadline! : earliest), pollables[0]!.deadline!));
  }
}

/** Where an input stream's bytes come from: `undefined` at end of stream; host failures throw. */
export interface ByteSource {
  read(max: number): Uint8Array | undefined;
}

/** Where an output stream's bytes go; host failures throw. */
export interface ByteSink {
  write(bytes: Uint8Array): void;
}

type StreamError = { tag: 'closed' } | { tag: 'last-operation-failed'; val: IoError };
const CLOSED: StreamError = { tag: 'closed' };
/** Most a single read hands back: wasmtime's default too. */
export const MAX_READ = 64 * 1024;
/** What check-write allows per write: large enough that a guest rarely needs a second round. */
const WRITE_BUDGET = 1024 * 1024;
/** The most one blocking-write-and-flush (or its write-zeroes) may carry: the spec's 4096. */
const BLOCKING_WRITE_MAX = 4096;

function streamFailure(error: unknown): StreamError {
  return { tag: 'last-operation-failed', val: new IoError(errorCodeFromThrown(error)) };
}

/** `wasi:io/streams.input-stream`. Errors are thrown as the `stream-error` payload jco returns as `err`. */
export class InputStream extends PollableParent {
  private source: ByteSource | undefined;
  constructor(source: ByteSource) {
    super();
    this.source = source;
  }

  read(len: bigint): Uint8Array {
    const source = this.source;
    if (source === undefined) throw CLOSED;
    let bytes: Uint8Array | undefined;
    try {
      bytes = source.read(Number(len > BigInt(MAX_READ) ? BigInt(MAX_READ) : len));
    } catch (error) {
      throw streamFailure(error);
    }
    if (bytes === undefined) {
      // End of stream is `closed`, and stays so (wasmtime).
      if (len > 0n) this.source = undefined;
      throw CLOSED;
    }
    return bytes;
  }

  blockingRead(len: bigint): Uint8Array {
    return this.read(len);
  }

  skip(len: bigint): bigint {
    return BigInt(this.read(len).length);
  }

  blockingSkip(len: bigint): bigint {
    return this.skip(len);
  }

  subscribe(): Pollable {
    return this.child();
  }
}

/** `wasi:io/streams.output-stream`. Writes complete before they return, so flush has nothing to do. */
export class OutputStream extends PollableParent {
  private sink: ByteSink | undefined;
  constructor(sink: ByteSink) {
    super();
    this.sink = sink;
  }

  checkWrite(): bigint {
    if (this.sink === undefined) throw CLOSED;
    return BigInt(WRITE_BUDGET);
  }

  /** The spec: a write longer than check-write's permit traps. */
  write(contents: Uint8Array): void {
    if (contents.length > WRITE_BUDGET) throw new InterfaceTrap(`wasi:io/streams write of ${contents.length} bytes is more than check-write allows (${WRITE_BUDGET})`);
    this.send(contents);
  }

  private send(contents: Uint8Array): void {
    const sink = this.sink;
    if (sink === undefined) throw CLOSED;
    try {
      sink.write(contents);
    } catch (error) {
      // A failed stream stays closed (the spec: "the stream is closed" after last-operation-failed).
      this.sink = undefined;
      throw streamFailure(error);
    }
  }

  blockingWriteAndFlush(contents: Uint8Array): void {
    if (contents.length > BLOCKING_WRITE_MAX) throw new InterfaceTrap(`wasi:io/streams blocking-write-and-flush of ${contents.length} bytes is more than the ${BLOCKING_WRITE_MAX} it allows`);
    this.send(contents);
  }

  flush(): void {
    if (this.sink === undefined) throw CLOSED;
  }

  blockingFlush(): void {
    this.flush();
  }

  /** A u64 from the guest: checked before anything is allocated. */
  writeZeroes(len: bigint): void {
    if (len > BigInt(WRITE_BUDGET)) throw new InterfaceTrap(`wasi:io/streams write-zeroes of ${len} bytes is more than check-write allows (${WRITE_BUDGET})`);
    this.send(new Uint8Array(Number(len)));
  }

  blockingWriteZeroesAndFlush(len: bigint): void {
    if (len > BigInt(BLOCKING_WRITE_MAX)) throw new InterfaceTrap(`wasi:io/streams blocking-write-zeroes-and-flush of ${len} bytes is more than the ${BLOCKING_WRITE_MAX} it allows`);
    this.send(new Uint8Array(Number(len)));
  }

  /** At most check-write's permit (and one read's worth), as wasmtime splices. */
  splice(source: InputStream, len: bigint): bigint {
    const permit = this.checkWrite();
    const bytes = source.read(len < permit ? len : permit);
    this.send(bytes);
    return BigInt(bytes.length);
  }

  blockingSplice(source: InputStream, len: bigint): bigint {
    return this.splice(source, len);
  }

  subscribe(): Pollable {
    return this.child();
  }
}
