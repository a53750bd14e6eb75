import { monotonicNow, realtimeNow } from '../../preview1/clock.js';
import { fillRandom } from '../../preview1/random.js';
import { InterfaceTrap } from './interface-trap.js';
import { Pollable } from './io.js';

/** wasi:clocks and wasi:random: the same clocks and CSPRNG the preview1 host serves. */

const MONOTONIC_RESOLUTION = 1n;
const WALL_RESOLUTION = { seconds: 0n, nanoseconds: 1_000 };

/** The most one get-random-bytes call hands out: wasmtime's default (its -S max-random-size), past it a trap. */
const MAX_RANDOM_BYTES = 64 * 1024 * 1024;

function randomBytesOf(len: bigint): Uint8Array {
  if (len > BigInt(MAX_RANDOM_BYTES)) throw new InterfaceTrap(`wasi:random asked for ${len} random bytes, more than the ${MAX_RANDOM_BYTES} one call may have`);
  const bytes = new Uint8Array(Number(len));
  fillRandom(bytes);
  return bytes;
}

function randomU64(): bigint {
  return new DataView(randomBytesOf(8n).buffer).getBigUint64(0, true);
}

function wallNow(): { seconds: bigint; nanoseconds: number } {
  const ns = realtimeNow();
  return { seconds: ns / 1_000_000_000n, nanoseconds: Number(ns % 1_000_000_000n) };
}

export function clockAndRandomInterfaces() {
  return {
    'wasi:clocks/monotonic-clock': {
      now: monotonicNow,
      resolution: () => MONOTONIC_RESOLUTION,
      subscribeInstant: (when: bigint) => new Pollable(when),
      subscribeDuration: (duration: bigint) => new Pollable(monotonicNow() + duration),
    },
    'wasi:clocks/wall-clock': { now: wallNow, resolution: () => WALL_RESOLUTION },
    'wasi:random/random': { getRandomBytes: randomBytesOf, getRandomU64: randomU64 },
    // wasmtime serves the insecure interfaces from a seeded PRNG; the CSPRNG is a sound stand-in.
    'wasi:random/insecure': { getInsecureRandomBytes: randomBytesOf, getInsecureRandomU64: randomU64 },
    'wasi:random/insecure-seed': { insecureSeed: (): [bigint, bigint] => [randomU64(), randomU64()] },
  };
}
