import { fstatSync, type Stats, statSync, writeSync } from 'node:fs';

/** Bytes kept before a batch is written out. */
export const BATCH_BYTES = 64 * 1024;

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Write-behind for a command's stdout/stderr when they go to a regular file or /dev/null (libc
 * buffers such output fully): small fd_writes are copied into one 64 KiB buffer and
 * written with one host call. The guest sees the same bytes in the same order: any syscall other
 * than fd_write to the same stream flushes first, and so does the end of the run. Terminals and
 * pipes are never batched, so interactive and piped output appears as it is written.
 */
export class OutputBatch {
  /** The stream holding unwritten bytes, if any (at most one at a time keeps stdout/stderr ordered). */
  pending: BatchedSink | undefined = undefined;

  flush(): void {
    const sink = this.pending;
    if (sink === undefined) return;
    this.pending = undefined;
    sink.flush();
  }
}

let devNullRdev: number | undefined;

/** The null device (its device number, as any name for it has): never a terminal, and output to it may be batched. */
export function isDevNull(stat: Stats): boolean {
  if (!stat.isCharacterDevice()) return false;
  try {
    devNullRdev ??= statSync('/dev/null').rdev;
  } catch {
    return false;
  }
  return stat.rdev === devNullRdev;
}

/** The buffer of one host fd. A failed flush is reported by the stream's next write. */
export class BatchedSink {
  private readonly buffer = Buffer.allocUnsafe(BATCH_BYTES);
  private used = 0;
  deferredError: unknown = undefined;

  constructor(readonly hostFd: number, private readonly batch: OutputBatch) {}

  /**
   * Whether output to this host fd may be batched: a regular file, or /dev/null. Terminals, pipes, sockets and other devices are written at once.
   */
  static suits(hostFd: number): boolean {
    if (hostFd < 0) return false;
    try {
      const stat = fstatSync(hostFd);
      return stat.isFile() || isDevNull(stat);
    } catch {
      return false;
    }
  }

  /** Takes the bytes if they fit; returns false when the caller must write them directly. */
  add(source: Uint8Array, offset: number, length: number): boolean {
    if (this.batch.pending !== this) this.batch.flush();
    if (length >= BATCH_BYTES) {
      this.flush();
      return false;
    }
    if (this.used + length > BATCH_BYTES) this.flush();
    const buffer = this.buffer;
    let at = this.used;
    // Small writes (the common case) are copied byte by byte: no subarray object per call.
    if (length <= 64) for (let i = 0; i < length; i++) buffer[at++] = source[offset + i]!;
    else buffer.set(source.subarray(offset, offset + length), at);
    this.used += length;
    this.batch.pending = this;
    return true;
  }

  flush(): void {
    if (this.batch.pending === this) this.batch.pending = undefined;
    let done = 0;
    try {
      while (done < this.used) {
        try {
          done += writeSync(this.hostFd, this.buffer, done, this.used - done);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK') throw error;
          Atomics.wait(pause, 0, 0, 1);
        }
      }
    } catch (error) {
      this.deferredError = error;
    } finally {
      this.used = 0;
    }
  }
}
