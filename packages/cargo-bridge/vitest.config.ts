import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Real cargo builds and subprocesses: seconds, not milliseconds.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
