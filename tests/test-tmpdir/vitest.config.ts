import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One temporary folder per run (TMPDIR for the tests and all they start), removed at the end.
    globalSetup: ['../../scripts/test-tmpdir.mjs'],
    // fixtures/run is a vitest project of its own, which the tests run.
    include: ['test/**/*.test.ts'],
    // Each test starts vitest on the fixture: seconds, not milliseconds.
    testTimeout: 60_000,
  },
});
