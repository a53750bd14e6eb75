import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // A real cache server, real cargo builds and turbo as a subprocess: seconds, not milliseconds.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
