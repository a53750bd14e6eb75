import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One temporary folder per run (TMPDIR for the tests and all they start), removed at the end;
    // then toolchain discovery's cache inside it, so the tests keep theirs out of the user's ~/.cache.
    globalSetup: ['../../scripts/test-tmpdir.mjs', './test/helpers/toolchain-cache-dir.ts'],
    // Real cargo builds and subprocesses: seconds, not milliseconds.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
