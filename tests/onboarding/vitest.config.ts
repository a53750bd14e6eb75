import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One temporary folder per run (TMPDIR for the tests and all they start), removed at the end.
    globalSetup: ['../../scripts/test-tmpdir.mjs'],
    // npm installs from the registry and real cargo builds beside every other suite on two cores:
    // a guard against a hang, generous enough for a loaded machine.
    testTimeout: 480_000,
    hookTimeout: 480_000,
  },
});
