// Bundles the compiled package (with chokidar and @wasi-kit/errors) into one file: each ES module
// file costs Node's loader a read, a resolve and a compile, and `wasi-kit dev` and `build` load
// ~30 of them before cargo can start (~50-100 ms on Node 20). binaryen (large, and loaded only
// for a release build) stays outside.
import { rmSync } from 'node:fs';
import { rolldown } from 'rolldown';
import { builtinsWithoutFacades } from '../../../scripts/builtins-plugin.mjs';

// Old files go first, so dist/ (and turbo's cache of it) holds only this build.
rmSync('dist/bundle', { recursive: true, force: true });
const bundle = await rolldown({ input: { 'cargo-bridge': 'dist/index.js' }, platform: 'node', plugins: [builtinsWithoutFacades], external: [/^node:/, 'binaryen'], logLevel: 'warn' });
await bundle.write({ dir: 'dist/bundle', format: 'esm', sourcemap: true, codeSplitting: false });
await bundle.close();
