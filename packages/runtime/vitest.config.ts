import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/** The suites whose answers depend on how paths are resolved: each runs once per sandbox strategy. */
const pathSuites = ['test/sandbox/**/*.test.ts', 'test/preview1/path-*.test.ts', 'test/fs/beneath.test.ts'];
const sandboxSuites = [...pathSuites, 'test/probes/**/*.test.ts'];

// The strategies this machine has besides the default (native where the addon is built, as
// `pnpm build` does on Linux): procfs on Linux, the addon's openat walk (the fallback where
// openat2 is blocked) when the addon is built. `WASI_KIT_SANDBOX=portable pnpm test` runs the
// default project on the portable walk.
const linux = process.platform === 'linux';
const nativeBuilt = linux && existsSync(new URL('./dist/native/wasi-kit-native.node', import.meta.url));
// The walk only replaces the resolver, so the probes (which test the calls) skip it.
const strategies: { name: string; include: string[]; env: Record<string, string> }[] = [
  ...(linux ? [{ name: 'procfs', include: sandboxSuites, env: { WASI_KIT_SANDBOX: 'procfs' } }] : []),
  ...(nativeBuilt ? [{ name: 'native-walk', include: pathSuites, env: { WASI_KIT_NATIVE: 'walk' } }] : []),
];

export default defineConfig({
  test: {
    // Real cargo builds and subprocesses: seconds, not milliseconds.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // One temporary folder per run (TMPDIR for the tests and all they start), removed at the end;
    // the projects below extend this config and share the one run folder.
    globalSetup: ['../../scripts/test-tmpdir.mjs'],
    projects: [
      { extends: true, test: { name: 'runtime' } },
      ...strategies.map(({ name, include, env }) => ({ extends: true, test: { name: `sandbox:${name}`, include, env } })),
    ],
  },
});
