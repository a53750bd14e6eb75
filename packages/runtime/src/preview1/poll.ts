import { fstatSync } from 'node:fs';
import type { WasiContext } from '../context.js';
import { Access, type FdEntry } from '../fd/entry.js';
import { WasiError } from '../failures.js';
import { nativeAddon } from '../fs/native-addon.js';
import { clockNow, monotonicNow } from './clock.js';
import { Clockid, Errno, Event, Eventrwflags, Eventtype, Subclockflags, Subscription, type SubscriptionLayout } from './spec.js';

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread for at least `ns` nanoseconds without spinning (the guest is synchronous, so must we be). */
function sleepNs(ns: bigint): void {
  if (ns <= 0n) return;
  const deadline = monotonicNow() + ns;
  for (let left = ns; left > 0n; left = deadline - monotonicNow()) Atomics.wait(sleeper, 0, 0, Number(left) / 1e6);
}

interface PendingEvent {
  userdata: bigint;
  type: number;
  nbytes: bigint;
  /** A file read from its end: FD_READWRITE_HANGUP, as wasmtime reports it (wasi-libc's poll() says POLLHUP). */
  hangup?: boolean;
  /** For clocks: how long until it fires (ns); 0 for descriptor events. */
  delay: bigint;
  /** An fd_read on a host stream (stdin): ready only once poll(2) says a read would not block. */
  waitsOn?: number;
}

/** Bytes a read of a file or stdin could return now (poll's nbytes): what is left of the file, or of stdin (stdio.ts). */
function readableBytes(entry: FdEntry): bigint {
  if (entry.stdio !== undefined) return BigInt(entry.stdio.available);
  const size = fstatSync(entry.hostFd).size;
  return BigInt(Math.max(0, size - entry.position));
}

/**
 * Waits until one of the waiting events' host streams is readable or `timeoutNs` passes (none:
 * no limit); the events found not ready are dropped from `events`. Returns whether any was ready.
 */
function waitForStreams(events: PendingEvent[], timeoutNs: bigint | undefined): boolean {
  // poll(2) watches the first 31 (a mask's bits); any beyond them are reported ready.
  const waiting = events.filter((event) => event.waitsOn !== undefined).slice(0, 31);
  const fds = Int32Array.from(waiting, (event) => event.waitsOn!);
  const deadline = timeoutNs === undefined ? undefined : monotonicNow() + (timeoutNs > 0n ? timeoutNs : 0n);
  let mask = 0;
  for (;;) {
    const left = deadline === undefined ? -1 : Math.max(0, Math.ceil(Number(deadline - monotonicNow()) / 1e6));
    mask = nativeAddon!.pollReadable(fds, left);
    if (mask < 0) mask = (1 << fds.length) - 1; // an fd poll cannot watch: its read reports the error
    if (mask !== 0 || left === 0) break;
  }
  waiting.forEach((event, i) => {
    if ((mask & (1 << i)) === 0) events.splice(events.indexOf(event), 1);
    else event.waitsOn = undefined;
  });
  return mask !== 0;
}

/**
 * poll_oneoff in a given subscription layout (`unstable.ts` passes snapshot 0's). Descriptor
 * subscriptions are ready at once (host files never block), except fd_read on stdin from a pipe,
 * terminal or socket, which waits (poll(2), through the addon; without it, ready at once) until a
 * read would not block or the earliest clock fires, as wasmtime's does. With no descriptor ready,
 * the call sleeps until the earliest clock fires and reports every clock that has fired by then.
 */
export function pollOneoff(ctx: WasiContext, inPtr: number, outPtr: number, nsubscriptions: number, neventsPtr: number, layout: SubscriptionLayout): number {
  const count = nsubscriptions >>> 0;
  if (count === 0) throw new WasiError(Errno.INVAL);
  const memory = ctx.memory;
  const inBase = memory.check(inPtr, count * layout.SIZE, 8);
  const outBase = memory.check(outPtr, count * Event.SIZE, 8);
  memory.check(neventsPtr, 4, 4);
  const view = memory.view;

  const events: PendingEvent[] = [];
  let anyDescriptorReady = false;
  let earliest: bigint | undefined;
  for (let i = 0; i < count; i++) {
    const sub = inBase + i * layout.SIZE;
    const userdata = view.getBigUint64(sub + layout.USERDATA, true);
    const tag = view.getUint8(sub + layout.TAG);
    if (tag === Eventtype.CLOCK) {
      const id = view.getUint32(sub + layout.CLOCK_ID, true);
      const timeout = view.getBigUint64(sub + layout.CLOCK_TIMEOUT, true);
      const flags = view.getUint16(sub + layout.CLOCK_FLAGS, true);
      // Only the monotonic and realtime clocks can be waited on; any other id fails the call (wasmtime).
      if (id !== Clockid.MONOTONIC && id !== Clockid.REALTIME) throw new WasiError(Errno.INVAL);
      const delay = (flags & Subclockflags.SUBSCRIPTION_CLOCK_ABSTIME) !== 0 ? timeout - clockNow(id) : timeout;
      events.push({ userdata, type: tag, nbytes: 0n, delay });
      if (earliest === undefined || delay < earliest) earliest = delay;
    } else if (tag === Eventtype.FD_READ || tag === Eventtype.FD_WRITE) {
      const fd = view.getUint32(sub + layout.FD, true);
      const entry = ctx.fds.peek(fd);
      // As in wasmtime, a descriptor that cannot be polled this way fails the whole call with EBADF:
      // an unknown fd, a directory, stdin for writing or stdout/stderr for reading.
      const direction = tag === Eventtype.FD_READ ? Access.READ : Access.WRITE;
      if (entry === undefined || entry.kind === 'directory' || (entry.kind === 'stdio' && (entry.access & direction) === 0)) throw new WasiError(Errno.BADF);
      const nbytes = tag === Eventtype.FD_READ ? readableBytes(entry) : 0n;
      const hangup = tag === Eventtype.FD_READ && entry.kind === 'file' && nbytes === 0n;
      const stream = tag === Eventtype.FD_READ ? entry.stdio : undefined;
      if (stream !== undefined && stream.hostFd >= 0 && nativeAddon !== undefined) {
        events.push({ userdata, type: tag, nbytes, delay: 0n, waitsOn: stream.hostFd });
        continue;
      }
      events.push({ userdata, type: tag, nbytes, delay: 0n, hangup });
      anyDescriptorReady = true;
    } else {
      throw new WasiError(Errno.INVAL);
    }
  }

  const started = monotonicNow();
  let fired = 0n;
  if (events.some((event) => event.waitsOn !== undefined)) {
    // Streams ready now come with the other ready events; else they are waited for, up to the earliest clock.
    const streamReady = waitForStreams(events, anyDescriptorReady ? 0n : earliest);
    // Clocks due by now fire: those due within the wait, or all up to the earliest when it timed out.
    if (!anyDescriptorReady) fired = streamReady ? monotonicNow() - started : earliest !== undefined && earliest > 0n ? earliest : 0n;
    anyDescriptorReady ||= streamReady;
  } else if (!anyDescriptorReady && earliest !== undefined) {
    sleepNs(earliest);
    // After a sleep, every clock due within it fires; without one, those already due.
    fired = earliest < 0n ? 0n : earliest;
  }
  let written = 0;
  for (const event of events) {
    if (event.type === Eventtype.CLOCK && event.delay > fired) continue;
    const out = outBase + written * Event.SIZE;
    // error stays ESUCCESS (0): a subscription that fails, fails the whole call.
    memory.u8.fill(0, out, out + Event.SIZE);
    view.setBigUint64(out + Event.USERDATA, event.userdata, true);
    view.setUint8(out + Event.TYPE, event.type);
    if (event.type !== Eventtype.CLOCK) view.setBigUint64(out + Event.NBYTES, event.nbytes, true);
    if (event.hangup) view.setUint16(out + Event.FLAGS, Eventrwflags.FD_READWRITE_HANGUP, true);
    written++;
  }
  memory.setU32(neventsPtr, written);
  return Errno.SUCCESS;
}

export function poll_oneoff(ctx: WasiContext, inPtr: number, outPtr: number, nsubscriptions: number, neventsPtr: number): number {
  return pollOneoff(ctx, inPtr, outPtr, nsubscriptions, neventsPtr, Subscription);
}
