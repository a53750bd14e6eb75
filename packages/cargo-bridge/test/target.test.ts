import { describe, expect, it } from 'vitest';
import { parseRustcVersion, wasiTargetsFor } from '../src/target.js';

describe('wasiTargetsFor names the WASI target by compiler version', () => {
  it.each([
    ['rustc 1.63.0', ['wasm32-wasi']],
    ['rustc 1.77.2 (25ef9e3d8 2024-04-09)', ['wasm32-wasi']],
    ['rustc 1.78.0 (9b00956e5 2024-04-29)', ['wasm32-wasip1', 'wasm32-wasi']],
    ['rustc 1.83.0 (90b35a623 2024-11-26)', ['wasm32-wasip1', 'wasm32-wasi']],
    ['rustc 1.84.0 (9fc6b4312 2025-01-07)', ['wasm32-wasip1']],
    ['rustc 1.97.0-nightly (e50aa6fba 2026-05-19)', ['wasm32-wasip1']],
  ])('%s → %j', (text, expected) => {
    const version = parseRustcVersion(text);
    expect(version).toBeDefined();
    expect(wasiTargetsFor(version!)).toEqual(expected);
  });

  it('rejects text that is not rustc --version output', () => {
    expect(parseRustcVersion('cargo 1.65.0')).toBeUndefined();
  });
});
