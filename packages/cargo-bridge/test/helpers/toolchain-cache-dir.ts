import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * vitest globalSetup, after scripts/test-tmpdir.mjs: toolchain discovery caches its answer in
 * WASI_KIT_CACHE_DIR, one folder for the whole run inside the run's temporary folder.
 */
export function setup(): () => void {
  const previous = process.env.WASI_KIT_CACHE_DIR;
  process.env.WASI_KIT_CACHE_DIR = mkdtempSync(path.join(tmpdir(), 'cargo-bridge-cache-'));
  return () => {
    if (previous === undefined) delete process.env.WASI_KIT_CACHE_DIR;
    else process.env.WASI_KIT_CACHE_DIR = previous;
  };
}
