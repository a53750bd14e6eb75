// Bundles the compiled runtime so that a process loads one file: each ES module file costs Node's
// loader a read, a resolve and a compile (~20 ms for ~40 modules on Node 20), most of a hello-world
// guest's start-up. Self-contained files: the library, and the worker and child entries the
// transports start by URL next to it (each process loads only its own). Dynamic imports (.wat
// support, the tracer, the worker transport) are inlined: a few KB to parse beats a file to load;
// wabt and jco stay outside, loaded only for a .wat or a component.
import { rmSync } from 'node:fs';
import { rolldown } from 'rolldown';
import { builtinsWithoutFacades } from '../../../scripts/builtins-plugin.mjs';

// `runner` (the `@wasi-kit/runtime/runner` export) is the host's side of the child transport alone:
// `wasi-kit dev` starts its guests' runners without loading the WASI host into its own process.
const ENTRIES = { runtime: 'dist/index.js', runner: 'dist/pipeline/child.js', 'worker-entry': 'dist/pipeline/worker-entry.js', 'child-entry': 'dist/pipeline/child-entry.js' };

// Old files go first, so dist/ (and turbo's cache of it) holds only this build.
rmSync('dist/bundle', { recursive: true, force: true });
for (const [name, input] of Object.entries(ENTRIES)) {
  const bundle = await rolldown({ input: { [name]: input }, platform: 'node', plugins: [builtinsWithoutFacades], external: [/^node:/, 'wabt', /^@bytecodealliance\//], logLevel: 'warn' });
  await bundle.write({ dir: 'dist/bundle', format: 'esm', sourcemap: true, codeSplitting: false });
  await bundle.close();
}
