// Bundles the compiled CLI (with commander and the small shared @wasi-kit/errors) into one file: Node 20 has no compile cache, and
// loading ~40 small modules costs ~15 ms of every `wasi-kit run`. The workspace packages stay
// external: they are loaded lazily, only by the commands that need them.
// dist/bundle/ sits at the same depth as dist/commands/, so `new URL('../templates/', import.meta.url)`
// and the other relative URLs in src/ mean the same files from both.
import { rmSync } from 'node:fs';
import { rolldown } from 'rolldown';

const bundle = await rolldown({
  input: { main: 'dist/main.js' },
  platform: 'node',
  external: [/^node:/, /^@wasi-kit\/(runtime|cargo-bridge)/],
  logLevel: 'warn',
});
// Chunk names carry content hashes: clear the old ones so dist/ (and turbo's cache of it) holds only this build.
rmSync('dist/bundle', { recursive: true, force: true });
await bundle.write({ dir: 'dist/bundle', format: 'esm', sourcemap: true });
await bundle.close();
