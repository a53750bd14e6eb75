import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, wasiKit } from './helpers/cli.js';

/**
 * A machine with only a rustup toolchain (rustc 1.85, no WASI std) whose rustup cannot
 * download: a fake `rustc` printing a version and a sysroot, and a fake `rustup` that knows it.
 */
function offlineRustupMachine(): Record<string, string> {
  const dir = tempDir('fake-rustup');
  const sysroot = path.join(dir, 'toolchains', 'fake-1.85');
  mkdirSync(path.join(sysroot, 'lib', 'rustlib', 'x86_64-unknown-linux-gnu', 'lib'), { recursive: true });
  mkdirSync(path.join(sysroot, 'bin'));
  const rustc = path.join(sysroot, 'bin', 'rustc');
  script(rustc, ['case "$1" in', '  --version) echo "rustc 1.85.0 (fake 2025-02-17)" ;;', `  --print) echo '${sysroot}' ;;`, 'esac']);
  script(path.join(sysroot, 'bin', 'cargo'), ['echo "cargo 1.85.0 (fake)"']);
  const bin = path.join(dir, 'bin');
  mkdirSync(bin);
  script(path.join(bin, 'rustup'), [
    'case "$1 $2" in',
    '  "toolchain list") echo "fake-1.85 (default)" ;;',
    `  "which --toolchain") echo '${rustc}' ;;`,
    '  "target add") echo "error: could not download file from \'https://static.rust-lang.org/dist/channel-rust-1.85.toml.sha256\'" >&2; exit 1 ;;',
    '  *) exit 1 ;;',
    'esac',
  ]);
  return { PATH: `${bin}:/usr/bin:/bin`, RUSTUP_HOME: path.join(dir, 'rustup-home'), WASI_KIT_SYSTEM_RUST_DIRS: '', WASI_KIT_CACHE_DIR: path.join(dir, 'cache') };
}

function script(file: string, lines: string[]): void {
  writeFileSync(file, ['#!/bin/sh', ...lines, ''].join('\n'));
  chmodSync(file, 0o755);
}

const COMMAND = 'rustup target add --toolchain fake-1.85 wasm32-wasip1';

describe('wasi-kit doctor on this machine', () => {
  it('--json lists every toolchain, the one used, its target, and exits 0', async () => {
    const run = await wasiKit(['doctor', '--json'], { env: { WASI_KIT_CACHE_DIR: tempDir('doctor-cache') } });
    expect(run.exitCode, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, unknown> & { toolchains: Record<string, unknown>[]; selected: Record<string, unknown> };
    expect(Object.keys(report).sort()).toEqual(['cacheFile', 'components', 'node', 'ok', 'problems', 'runner', 'sandbox', 'selected', 'target', 'toolchains']);
    expect(report.node).toEqual({ version: process.versions.node, floor: '20.19.0', ok: true });
    // The runtime's build makes the native resolver wherever Linux has a C compiler (CI does).
    expect(report.sandbox).toMatch(process.platform === 'linux' ? /^native \((openat2|openat-walk)\)$/ : /^portable$/);
    expect(report.ok).toBe(true);
    expect(report.problems).toEqual([]);
    expect(report.target).toMatch(/^wasm32-wasip?1?$/);
    expect(report.selected).toMatchObject({ target: report.target });
    // Components: a Rust before 1.82 (Debian 12's 1.63) is told it needs a newer one, as a build would be.
    const { minor } = report.selected.version as { minor: number };
    if (minor < 82) expect(report.components).toEqual({ ok: false, message: expect.stringContaining('wasm32-wasip2 needs Rust 1.82 or newer'), command: expect.any(String) });
    for (const toolchain of report.toolchains) {
      expect(Object.keys(toolchain).sort()).toEqual(['cargo', 'knownTargets', 'missing', 'name', 'rustc', 'source', 'sysroot', 'target', 'version', 'versionText']);
      expect(toolchain.version).toEqual({ major: expect.any(Number), minor: expect.any(Number), patch: expect.any(Number) });
      // Exactly one of: a WASI std, or what is missing and how to add it.
      expect(toolchain.target === null).toBe(toolchain.missing !== null);
    }
    expect(report.toolchains.filter((t) => t.rustc === report.selected.rustc)).toHaveLength(1);
    // The same shape findToolchain() returns to library users, field for field.
    const { findToolchain } = await import('@wasi-kit/cargo-bridge');
    expect(report.selected).toEqual(JSON.parse(JSON.stringify(await findToolchain({ cacheDir: false }))));
    const runner = report.runner as { onPath: boolean; path: string | null };
    expect(runner.onPath ? runner.path : null).toBe(runner.path);
    if (runner.path !== null) expect(path.basename(runner.path)).toBe('wasi-kit');
  });

  it('prints the toolchains for people, marks the one used, and --fix has nothing to do', async () => {
    const run = await wasiKit(['doctor', '--fix'], { env: { WASI_KIT_CACHE_DIR: tempDir('doctor-cache') } });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^ {2}✓ .* {2}← used$/m);
    expect(run.stdout).toMatch(/^ok: builds use .* for wasm32-wasip?1?$/m);
    expect(run.stdout.split('\n')[0]).toBe(`Node ${process.versions.node} (wasi-kit needs 20.19.0 or newer)`);
    expect(run.stdout).not.toMatch(/^(ran|failed):/m);
  });
});

describe('wasi-kit doctor where no toolchain has a WASI std', () => {
  it('--json says exactly what is missing and the command, and exits 1', async () => {
    const run = await wasiKit(['doctor', '--json'], { env: offlineRustupMachine() });
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout) as { ok: boolean; selected: unknown; target: unknown; problems: { message: string; command: string }[]; toolchains: { name: string; missing: unknown }[] };
    expect(report).toMatchObject({ ok: false, selected: null, target: null });
    expect(report.problems).toEqual([{ message: expect.stringContaining('fake-1.85 (rustc 1.85.0)'), command: COMMAND }]);
    expect(report.toolchains).toEqual([expect.objectContaining({ name: 'fake-1.85', missing: { target: 'wasm32-wasip1', path: expect.stringMatching(/toolchains\/fake-1\.85\/lib\/rustlib\/wasm32-wasip1\/lib$/), command: COMMAND } })]);
  });

  it('--fix runs rustup target add, reports that it could not download, prints the command, exits 1', async () => {
    const run = await wasiKit(['doctor', '--fix'], { env: offlineRustupMachine() });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(`failed: ${COMMAND}`);
    expect(run.stdout).toContain('could not download file');
    expect(run.stdout).toContain(`run it yourself (it may need the network or root): ${COMMAND}`);
  });

  it('--fix --json records the step and the manual command', async () => {
    const run = await wasiKit(['doctor', '--fix', '--json'], { env: offlineRustupMachine() });
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout) as { fix: unknown };
    expect(report.fix).toEqual({ fixed: false, steps: [{ command: COMMAND, ok: false, output: expect.stringContaining('could not download') }], manual: COMMAND });
  });

  it('build fails with one line naming the missing target and a hint with the install command, no stack', async () => {
    const crate = tempDir('no-target');
    writeFileSync(path.join(crate, 'Cargo.toml'), '[package]\nname = "x"\nversion = "0.1.0"\n');
    const run = await wasiKit(['build'], { cwd: crate, env: offlineRustupMachine() });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^error: no WASI std in any Rust toolchain: fake-1\.85 \(rustc 1\.85\.0\)/m);
    expect(run.stderr).toContain(`hint: install it: ${COMMAND}`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
