// Bundles the compiled package (with chokidar and @wasi-kit/errors) into one file: each ES module
// file costs Node's loader a read, a resolve and a compile, and `wasi-kit dev` and `build` load
// ~30 of them before cargo can start (~50-100 ms on Node 20). binaryen (large, and loaded only
// for a release build) stays outside. CommonJS (`.cjs`) is what ships, as the runtime's does (see
// its scripts/bundle.mjs): the CLI loads it without Node's ES module loader, and `import` gets a
// small ES module that re-exports it, so a process never holds two copies.
import { rmSync } from 'node:fs';
import { rolldown } from 'rolldown';
import { builtinsWithoutFacades } from '../../../scripts/builtins-plugin.mjs';
import { writeEsModuleFace } from '../../../scripts/es-module-face.mjs';

// Old files go first, so dist/ (and turbo's cache of it) holds only this build.
rmSync('dist/bundle', { recursive: true, force: true });
// Split: binaryen's import() lands in a chunk of its own (src/binaryen-import.ts).
const bundle = await rolldown({ input: { 'cargo-bridge': 'dist/index.js' }, platform: 'node', plugins: [builtinsWithoutFacades], external: [/^node:/, 'binaryen'], logLevel: 'warn' });
await bundle.write({ dir: 'dist/bundle', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name].cjs', sourcemap: true, comments: false, charset: 'ascii' });
await bundle.close();

// The ES module face (scripts/es-module-face.mjs).
writeEsModuleFace('cargo-bridge');
