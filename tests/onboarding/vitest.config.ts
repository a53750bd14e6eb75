import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // npm installs from the registry and real cargo builds beside every other suite on two cores:
    // a guard against a hang, generous enough for a loaded machine.
    testTimeout: 480_000,
    hookTimeout: 480_000,
  },
});
