import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TargetNotInstalled } from '../src/errors.js';
import { buildTargetFor, parseRustcVersion, wasiTargetsFor, type WasiTarget } from '../src/target.js';
import type { WasiToolchain } from '../src/toolchain.js';

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

describe('buildTargetFor: what a build asks cargo for', () => {
  const sysrootWith = (...targets: string[]) => {
    const sysroot = mkdtempSync(path.join(tmpdir(), 'wasi-kit-sysroot-'));
    for (const target of targets) mkdirSync(path.join(sysroot, 'lib', 'rustlib', target, 'lib'), { recursive: true });
    return sysroot;
  };
  const toolchain = (version: string, target: 'wasm32-wasi' | 'wasm32-wasip1', sysroot: string): WasiToolchain => ({
    name: 'stable',
    source: 'rustup',
    rustc: '/rustup/toolchains/stable/bin/rustc',
    cargo: '/rustup/toolchains/stable/bin/cargo',
    version: parseRustcVersion(`rustc ${version}`)!,
    versionText: `rustc ${version}`,
    sysroot,
    target,
  });

  it('keeps the toolchain\'s own preview1 name for either preview1 name, or none', () => {
    const old = toolchain('1.63.0', 'wasm32-wasi', sysrootWith('wasm32-wasi'));
    expect([undefined, 'wasm32-wasip1', 'wasm32-wasi'].map((asked) => buildTargetFor(old, asked as WasiTarget | undefined))).toEqual(['wasm32-wasi', 'wasm32-wasi', 'wasm32-wasi']);
  });

  it('builds wasm32-wasip2 when its std is in the sysroot', () => {
    expect(buildTargetFor(toolchain('1.85.1', 'wasm32-wasip1', sysrootWith('wasm32-wasip1', 'wasm32-wasip2')), 'wasm32-wasip2')).toBe('wasm32-wasip2');
  });

  it('refuses wasm32-wasip2 on Rust before 1.82, and names the command that adds a missing std', () => {
    expect(() => buildTargetFor(toolchain('1.63.0', 'wasm32-wasi', sysrootWith('wasm32-wasi')), 'wasm32-wasip2')).toThrow('wasm32-wasip2 needs Rust 1.82 or newer, and stable is rustc 1.63.0');
    const error = (() => {
      try {
        return buildTargetFor(toolchain('1.85.1', 'wasm32-wasip1', sysrootWith('wasm32-wasip1')), 'wasm32-wasip2');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(TargetNotInstalled);
    expect((error as TargetNotInstalled).command).toBe('rustup target add --toolchain stable wasm32-wasip2');
  });
});
