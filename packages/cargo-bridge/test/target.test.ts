import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
  /** A sysroot with these targets' std, and wasm-component-ld in its host tools when there is a wasip2 std. */
  const sysrootWith = (...targets: string[]) => {
    const sysroot = mkdtempSync(path.join(tmpdir(), 'wasi-kit-sysroot-'));
    for (const target of targets) mkdirSync(path.join(sysroot, 'lib', 'rustlib', target, 'lib'), { recursive: true });
    if (targets.includes('wasm32-wasip2')) {
      mkdirSync(path.join(sysroot, 'lib', 'rustlib', 'x86_64-unknown-linux-gnu', 'bin'), { recursive: true });
      writeFileSync(path.join(sysroot, 'lib', 'rustlib', 'x86_64-unknown-linux-gnu', 'bin', 'wasm-component-ld'), '');
    }
    return sysroot;
  };
  const noLinkerOnPath = { PATH: '/nonexistent' };
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
    expect(buildTargetFor(toolchain('1.85.1', 'wasm32-wasip1', sysrootWith('wasm32-wasip1', 'wasm32-wasip2')), 'wasm32-wasip2', noLinkerOnPath)).toBe('wasm32-wasip2');
  });

  it('refuses wasm32-wasip2 without wasm-component-ld (Debian\'s rust-llvm not installed), naming the package; a linker on PATH or of the user\'s own will do', () => {
    const sysroot = sysrootWith('wasm32-wasip1', 'wasm32-wasip2');
    rmSync(path.join(sysroot, 'lib', 'rustlib', 'x86_64-unknown-linux-gnu'), { recursive: true });
    const debianRustc = { ...toolchain('1.85.1', 'wasm32-wasip1', sysroot), name: 'system (/usr/bin)', source: 'system' as const, rustc: '/usr/bin/rustc', cargo: '/usr/bin/cargo' };
    const refused = (() => {
      try {
        return buildTargetFor(debianRustc, 'wasm32-wasip2', noLinkerOnPath, { debian: true, root: false });
      } catch (caught) {
        return caught;
      }
    })();
    expect(refused).toBeInstanceOf(TargetNotInstalled);
    expect((refused as TargetNotInstalled).command).toBe('sudo apt-get install -y rust-llvm');
    expect(() => buildTargetFor(toolchain('1.85.1', 'wasm32-wasip1', sysroot), 'wasm32-wasip2', noLinkerOnPath)).toThrow(expect.objectContaining({ command: 'rustup update stable' }));
    expect(() => buildTargetFor(debianRustc, 'wasm32-wasip2', noLinkerOnPath)).toThrow("system (/usr/bin) (rustc 1.85.1) has the wasm32-wasip2 standard library but not wasm-component-ld, the linker that makes components");
    const onPath = mkdtempSync(path.join(tmpdir(), 'wasi-kit-path-'));
    writeFileSync(path.join(onPath, 'wasm-component-ld'), '');
    expect(buildTargetFor(debianRustc, 'wasm32-wasip2', { PATH: `/nonexistent:${onPath}` })).toBe('wasm32-wasip2');
    expect(buildTargetFor(debianRustc, 'wasm32-wasip2', { ...noLinkerOnPath, CARGO_TARGET_WASM32_WASIP2_LINKER: '/opt/my-linker' })).toBe('wasm32-wasip2');
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
