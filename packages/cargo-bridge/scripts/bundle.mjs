// Bundles the compiled package (with chokidar and @wasi-kit/errors) into one file: each ES module
// file costs Node's loader a read, a resolve and a compile, and `wasi-kit dev` and `build` load
// ~30 of them before cargo can start (~50-100 ms on Node 20). binaryen (large, and loaded only
// for a release build) stays outside. Two formats: ES modules for the package's users, CommonJS
// (`.cjs`, the `require` condition) for the CLI, which loads it without Node's ES module loader.
import { rmSync } from 'node:fs';
import { rolldown } from 'rolldown';
import { builtinsWithoutFacades, builtinsWithoutFacadesInModules } from '../../../scripts/builtins-plugin.mjs';

const options = { input: { 'cargo-bridge': 'dist/index.js' }, platform: 'node', external: [/^node:/, 'binaryen'], logLevel: 'warn' };
// Old files go first, so dist/ (and turbo's cache of it) holds only this build.
rmSync('dist/bundle', { recursive: true, force: true });
const esm = await rolldown({ ...options, plugins: [builtinsWithoutFacades] });
await esm.write({ dir: 'dist/bundle', format: 'esm', sourcemap: true, codeSplitting: false });
await esm.close();
// Split: binaryen's import() lands in a chunk of its own (src/binaryen-import.ts).
const cjs = await rolldown({ ...options, plugins: [builtinsWithoutFacadesInModules] });
await cjs.write({ dir: 'dist/bundle', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name]-[hash].cjs', sourcemap: true });
await cjs.close();
