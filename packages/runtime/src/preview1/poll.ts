import { fstatSync } from 'node:fs';
import type { WasiContext } from '../context.js';
import { WasiError } from '../failures.js';
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
  error: number;
  nbytes: bigint;
  /** A file read from its end: FD_READWRITE_HANGUP, as wasmtime reports it (wasi-libc's poll() says POLLHUP). */
  hangup?: boolean;
  /** For clocks: how long until it fires (ns); 0 for descriptor events. */
  delay: bigint;
}

/** Bytes a read of `fd` could return now (poll's nbytes): what is left of a file, or buffered stdin. */
function readableBytes(ctx: WasiContext, fd: number): bigint {
  const entry = ctx.fds.peek(fd)!;
  if (entry.stdio !== undefined) return BigInt(entry.stdio.available);
  if (entry.kind !== 'file') return 0n;
  const size = fstatSync(entry.hostFd).size;
  return BigInt(Math.max(0, size - entry.position));
}

/**
 * poll_oneoff in a given subscription layout (`unstable.ts` passes snapshot 0's). Descriptor
 * subscriptions are ready at once (host files never block; stdio is reported ready); with none,
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
      if (id > Clockid.THREAD_CPUTIME_ID) {
        events.push({ userdata, type: tag, error: Errno.INVAL, nbytes: 0n, delay: 0n });
        anyDescriptorReady = true;
        continue;
      }
      const delay = (flags & Subclockflags.SUBSCRIPTION_CLOCK_ABSTIME) !== 0 ? timeout - clockNow(id) : timeout;
      events.push({ userdata, type: tag, error: Errno.SUCCESS, nbytes: 0n, delay });
      if (earliest === undefined || delay < earliest) earliest = delay;
    } else if (tag === Eventtype.FD_READ || tag === Eventtype.FD_WRITE) {
      const fd = view.getUint32(sub + layout.FD, true);
      let error: number = Errno.SUCCESS;
      let nbytes = 0n;
      const entry = ctx.fds.peek(fd);
      if (entry === undefined) error = Errno.BADF;
      else if (tag === Eventtype.FD_READ) nbytes = readableBytes(ctx, fd);
      const hangup = error === Errno.SUCCESS && tag === Eventtype.FD_READ && entry!.kind === 'file' && nbytes === 0n;
      events.push({ userdata, type: tag, error, nbytes, delay: 0n, hangup });
      anyDescriptorReady = true;
    } else {
      throw new WasiError(Errno.INVAL);
    }
  }

  if (!anyDescriptorReady && earliest !== undefined) sleepNs(earliest);
  // Clocks due by now fire: after a sleep, every one due within it; without one, those already due.
  const fired = anyDescriptorReady || earliest === undefined || earliest < 0n ? 0n : earliest;
  let written = 0;
  for (const event of events) {
    if (event.type === Eventtype.CLOCK && event.error === Errno.SUCCESS && event.delay > fired) continue;
    const out = outBase + written * Event.SIZE;
    memory.u8.fill(0, out, out + Event.SIZE);
    view.setBigUint64(out + Event.USERDATA, event.userdata, true);
    view.setUint16(out + Event.ERROR, event.error, true);
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
