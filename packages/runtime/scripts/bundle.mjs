// Bundles the compiled runtime so that a process loads one file: each ES module file costs Node's
// loader a read, a resolve and a compile (~20 ms for ~40 modules on Node 20), most of a hello-world
// guest's start-up. Self-contained files: the library, and the worker and child entries the
// transports start by URL next to it (each process loads only its own). Dynamic imports (.wat
// support, the tracer, the worker transport) are inlined: a few KB to parse beats a file to load;
// wabt and jco stay outside, loaded only for a .wat or a component.
//
// Two formats. ES modules for the library's users (`import { run } from '@wasi-kit/runtime'`), and
// CommonJS (`.cjs`, the `require` condition) for the processes wasi-kit starts itself: the CLI,
// `dev`'s guest runners and the worker. Node 20 loads a CommonJS file without its ES module loader
// (its resolve, its promise-based reads: ~10 ms of a start-up), and only a script compiled through
// `vm.Script` can use the code cache the CLI's bin keeps on Node 20.
import { rmSync } from 'node:fs';
import { rolldown } from 'rolldown';
import { builtinsWithoutFacades, builtinsWithoutFacadesInModules } from '../../../scripts/builtins-plugin.mjs';

// `runner` (the `@wasi-kit/runtime/runner` export) is the host's side of the child transport alone:
// `wasi-kit dev` starts its guests' runners without loading the WASI host into its own process.
const LIBRARY = { runtime: 'dist/index.js', runner: 'dist/pipeline/child.js' };
// What a runner process or a worker loads: CommonJS only, whichever format started it.
const ENTRIES = { 'worker-entry': 'dist/pipeline/worker-entry.js', 'child-entry': 'dist/pipeline/child-entry.js' };

/** The transports start the CommonJS entries, from either format of the library. */
const commonJsEntries = {
  name: 'commonjs-entries',
  renderChunk(code) {
    const rewritten = code.replace(/(["'])\.\/(worker-entry|child-entry)\.js\1/g, '"./$2.cjs"');
    return rewritten === code ? null : { code: rewritten, map: null };
  },
};

const external = [/^node:/, 'wabt', /^@bytecodealliance\//];

// Old files go first, so dist/ (and turbo's cache of it) holds only this build.
rmSync('dist/bundle', { recursive: true, force: true });
for (const [name, input] of Object.entries(LIBRARY)) {
  const bundle = await rolldown({ input: { [name]: input }, platform: 'node', plugins: [builtinsWithoutFacades, commonJsEntries], external, logLevel: 'warn' });
  await bundle.write({ dir: 'dist/bundle', format: 'esm', sourcemap: true, codeSplitting: false });
  await bundle.close();
}
// One build for the CommonJS files, split: what a plain run never needs (the component host, the
// tracer, .wat support, the worker transport) is a chunk required on first use, and code the
// entries share is one chunk, not four copies.
const bundle = await rolldown({ input: { ...LIBRARY, ...ENTRIES }, platform: 'node', plugins: [builtinsWithoutFacadesInModules, commonJsEntries], external, logLevel: 'warn' });
await bundle.write({ dir: 'dist/bundle', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name]-[hash].cjs', sourcemap: true });
await bundle.close();
