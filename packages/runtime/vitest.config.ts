import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/** The suites whose answers depend on how paths are resolved: each runs once per sandbox strategy. */
const sandboxSuites = ['test/sandbox/**/*.test.ts', 'test/probes/**/*.test.ts', 'test/preview1/path-*.test.ts', 'test/fs/beneath.test.ts'];

// The strategies this machine has besides the default (native where the addon is built, as
// `pnpm build` does on Linux): procfs on Linux, the addon's openat walk (the fallback where
// openat2 is blocked) when the addon is built, and portable when WASI_KIT_SANDBOX=portable asks.
const linux = process.platform === 'linux';
const nativeBuilt = linux && existsSync(new URL('./dist/native/wasi-kit-native.node', import.meta.url));
const strategies: { name: string; env: Record<string, string> }[] = [
  ...(linux ? [{ name: 'procfs', env: { WASI_KIT_SANDBOX: 'procfs' } }] : []),
  ...(nativeBuilt ? [{ name: 'native-walk', env: { WASI_KIT_NATIVE: 'walk' } }] : []),
  ...(process.env.WASI_KIT_SANDBOX === 'portable' ? [{ name: 'portable', env: { WASI_KIT_SANDBOX: 'portable' } }] : []),
];

export default defineConfig({
  test: {
    // Real cargo builds and subprocesses: seconds, not milliseconds.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    projects: [
      { extends: true, test: { name: 'runtime' } },
      ...strategies.map(({ name, env }) => ({ extends: true, test: { name: `sandbox:${name}`, include: sandboxSuites, env } })),
    ],
  },
});
