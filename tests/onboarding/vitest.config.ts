import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // npm installs from the registry and real cargo builds: seconds, not milliseconds.
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
