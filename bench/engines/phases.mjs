// Where an engine's time went, inside its process: loading the WASI host (node:wasi is part of
// Node's start-up snapshot; @wasi-kit/runtime is JavaScript read, its compiled code kept by V8's code cache) and running the guest
// (read, compile, instantiate, run to exit). harness/alternate.mjs reads the line back;
// Node's own start-up before the script is the rest of the wall time.
import { writeSync } from 'node:fs';

export const PHASES_LINE = /^bench phases: load ([\d.]+) ms, run ([\d.]+) ms$/m;

export function reportPhases(loading, running) {
  writeSync(2, `bench phases: load ${(running - loading).toFixed(2)} ms, run ${(performance.now() - running).toFixed(2)} ms\n`);
}
