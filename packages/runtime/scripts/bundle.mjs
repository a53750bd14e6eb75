// Bundles the compiled runtime into a few files. Loading ~40 small ES modules costs Node 20 about
// 20 ms per process, which is most of a hello-world guest's start-up; one bundle costs about 8 ms.
// The worker and child entries are their own files because the transports start them by URL, next to the bundle.
import { rmSync } from 'node:fs';
import { rolldown } from 'rolldown';

const bundle = await rolldown({
  input: { runtime: 'dist/index.js', 'worker-entry': 'dist/pipeline/worker-entry.js', 'child-entry': 'dist/pipeline/child-entry.js' },
  platform: 'node',
  external: [/^node:/, 'wabt'],
  logLevel: 'warn',
});
// Chunk names carry content hashes: clear the old ones so dist/ (and turbo's cache of it) holds only this build.
rmSync('dist/bundle', { recursive: true, force: true });
await bundle.write({ dir: 'dist/bundle', format: 'esm', sourcemap: true });
await bundle.close();
