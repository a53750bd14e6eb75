// Bundles the compiled runtime so that a process loads a few files, not ~80: each module file costs
// Node's loader a read, a resolve and a compile (~20 ms for ~40 modules on Node 20), most of a
// hello-world guest's start-up. Entries: the library, the runner's host side, and the worker and
// child entries the transports start by URL next to them; wabt and jco stay outside, loaded only
// for a .wat or a component.
//
// CommonJS (`.cjs`) is what ships: the CLI, `dev`'s guest runners and the worker load no ES module
// (Node 20's ES module loader costs ~10 ms of a start-up, and only a script compiled through
// `vm.Script` can use V8's code cache on Node 20). Each entry (`<name>.cjs`) is a loader that
// requires its bundle (`<name>-bundle.cjs`) with the chunks compiled from the code cache
// (code-cache.cjs); `import` gets a small ES module that re-exports the library's
// (scripts/es-module-face.mjs).
import { rmSync, writeFileSync } from 'node:fs';
import { rolldown } from 'rolldown';
import { builtinsWithoutFacades } from '../../../scripts/builtins-plugin.mjs';
import { writeEsModuleFace } from '../../../scripts/es-module-face.mjs';

// `runner` (the `@wasi-kit/runtime/runner` export) is the host's side of the child transport alone:
// `wasi-kit dev` starts its guests' runners without loading the WASI host into its own process.
const LIBRARY = { runtime: 'dist/index.js', runner: 'dist/pipeline/child.js' };
const bundleName = (name) => `${name}-bundle`;
// What a runner process or a worker loads: CommonJS only, whichever format started it.
const ENTRIES = { 'worker-entry': 'dist/pipeline/worker-entry.js', 'child-entry': 'dist/pipeline/child-entry.js' };
const ALL_ENTRIES = { ...LIBRARY, ...ENTRIES };

/** The transports start the CommonJS entries (by URL next to the bundle: here, dist/pipeline/*.js in the compiled tree). */
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
// One build for the CommonJS files, split: what a plain run never needs (the component host, the
// tracer, .wat support, the worker transport) is a chunk required on first use, and code the
// entries share is one chunk, not four copies.
const bundle = await rolldown({ input: Object.fromEntries(Object.entries(ALL_ENTRIES).map(([name, file]) => [bundleName(name), file])), platform: 'node', plugins: [builtinsWithoutFacades, commonJsEntries], external, logLevel: 'warn' });
await bundle.write({ dir: 'dist/bundle', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name].cjs', sourcemap: true, comments: false, charset: 'ascii' });
await bundle.close();

for (const name of Object.keys(ALL_ENTRIES)) {
  const loader = [
    "'use strict';",
    '// The bundle, its chunks compiled from the code cache kept between runs (code-cache.cjs).',
    `module.exports = require('../../code-cache.cjs').requireCached(require, './${bundleName(name)}.cjs');`,
  ];
  writeFileSync(`dist/bundle/${name}.cjs`, `${loader.join('\n')}\n`);
}
// The ES module faces (scripts/es-module-face.mjs). Reading their names must leave no cache behind.
process.env.NODE_DISABLE_COMPILE_CACHE = '1';
for (const name of Object.keys(LIBRARY)) writeEsModuleFace(name);
