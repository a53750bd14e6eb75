import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Real cargo builds, the CLI as a subprocess and an npm script: seconds, not milliseconds.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
