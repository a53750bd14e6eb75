import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Real cargo builds and subprocesses: seconds, not milliseconds.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Toolchain discovery caches its answer; tests keep theirs out of the user's ~/.cache.
    env: { WASI_KIT_CACHE_DIR: mkdtempSync(path.join(tmpdir(), 'cargo-bridge-cache-')) },
  },
});
