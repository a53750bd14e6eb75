import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One temporary folder per run (TMPDIR for the tests and all they start), removed at the end.
    globalSetup: ['../../scripts/test-tmpdir.mjs'],
    // Real cargo builds and subprocesses: seconds, not milliseconds.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
