// Bundles the compiled CLI (with commander and the small shared @wasi-kit/errors) into one file: Node 20 has no compile cache, and
// loading ~40 small modules costs ~15 ms of every `wasi-kit run`. The workspace packages stay
// external: they are loaded lazily, only by the commands that need them.
// dist/bundle/ sits at the same depth as dist/commands/, so `new URL('../templates/', import.meta.url)`
// and the other relative URLs in src/ mean the same files from both.
import { rmSync } from 'node:fs';
import { rolldown } from 'rolldown';
import { builtinsWithoutFacades } from '../../../scripts/builtins-plugin.mjs';

// commander requires node:child_process at load for executable subcommands, which wasi-kit has
// none of; loading it costs every command a few ms. It is fetched when (if ever) spawn is called.
const lazyChildProcess = {
  name: 'lazy-child-process',
  transform(code, id) {
    if (!id.includes('commander') || !code.includes("require('node:child_process')")) return null;
    // Same line, so the source map stays right: `map: null` keeps the original mappings.
    return { code: code.replace("require('node:child_process')", "{ spawn: (...args) => process.getBuiltinModule('node:child_process').spawn(...args) }"), map: null };
  },
};

const bundle = await rolldown({
  input: { main: 'dist/main.js' },
  plugins: [lazyChildProcess, builtinsWithoutFacades],
  platform: 'node',
  external: [/^node:/, /^@wasi-kit\/(runtime|cargo-bridge)/],
  logLevel: 'warn',
});
// Chunk names carry content hashes: clear the old ones so dist/ (and turbo's cache of it) holds only this build.
rmSync('dist/bundle', { recursive: true, force: true });
// run's own modules (loaded with import() to keep them out of other commands' way) are small: inlined, one file loads.
await bundle.write({ dir: 'dist/bundle', format: 'esm', sourcemap: true, codeSplitting: false });
await bundle.close();
