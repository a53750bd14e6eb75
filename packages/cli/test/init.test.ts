import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir, wasiKit } from './helpers/cli.js';

const RUNNER = readFileSync(fileURLToPath(new URL('../../../templates/sizer/_cargo/config.toml', import.meta.url)), 'utf8');

/** A crate as `cargo new` leaves it. */
function cargoNewCrate(name: string, extraManifest = ''): string {
  const dir = path.join(tempDir('init'), name);
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  writeFileSync(path.join(dir, 'Cargo.toml'), `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n${extraManifest}`);
  writeFileSync(path.join(dir, 'src', 'main.rs'), 'fn main() {\n    println!("adopted");\n}\n');
  return dir;
}

describe('wasi-kit init adopts an existing crate', () => {
  it('adds the metadata table and the cargo runner, then dev/run --bin use them', async () => {
    const dir = cargoNewCrate('adopted');
    const run = await wasiKit(['init'], { cwd: dir });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr.split('\n')).toEqual([
      'Updated Cargo.toml: added [package.metadata.wasi-kit] (dirs = ["."])',
      'Updated .cargo/config.toml: added the wasi-kit runner for cargo run/test --target wasm32-wasip1, wasm32-wasi and wasm32-wasip2',
      'Next: wasi-kit dev --dir=.',
    ]);
    expect(readFileSync(path.join(dir, 'Cargo.toml'), 'utf8')).toMatch(/\[dependencies\]\n\n# Defaults for .*\n\[package\.metadata\.wasi-kit\]\ndirs = \["\."\]\n$/);
    expect(readFileSync(path.join(dir, '.cargo', 'config.toml'), 'utf8')).toBe(RUNNER);
    const ran = await wasiKit(['run', '--bin', 'adopted'], { cwd: dir });
    expect(ran.exitCode, ran.stderr).toBe(0);
    expect(ran.stdout).toBe('adopted');
  });

  it('a second run changes nothing', async () => {
    const dir = cargoNewCrate('twice');
    expect((await wasiKit(['init'], { cwd: dir })).exitCode).toBe(0);
    const before = [readFileSync(path.join(dir, 'Cargo.toml'), 'utf8'), readFileSync(path.join(dir, '.cargo', 'config.toml'), 'utf8')];
    const again = await wasiKit(['init', dir]);
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toContain('Kept Cargo.toml: already has [package.metadata.wasi-kit]');
    expect(again.stderr).toContain('Kept .cargo/config.toml: already configures the WASI targets; left as it is');
    expect([readFileSync(path.join(dir, 'Cargo.toml'), 'utf8'), readFileSync(path.join(dir, '.cargo', 'config.toml'), 'utf8')]).toEqual(before);
  });

  it('keeps an existing .cargo/config.toml and appends the runner tables to it', async () => {
    const dir = cargoNewCrate('configured');
    mkdirSync(path.join(dir, '.cargo'));
    writeFileSync(path.join(dir, '.cargo', 'config.toml'), '[build]\njobs = 2\n');
    expect((await wasiKit(['init'], { cwd: dir })).exitCode).toBe(0);
    expect(readFileSync(path.join(dir, '.cargo', 'config.toml'), 'utf8')).toBe(`[build]\njobs = 2\n\n${RUNNER}`);
  });

  it('in a folder without Cargo.toml: one line and what to do instead, nothing written', async () => {
    const dir = tempDir('init-empty');
    const run = await wasiKit(['init'], { cwd: dir });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(`error: no Cargo.toml in ${dir}; wasi-kit init adds wasi-kit to an existing crate\nhint: create one here with \`wasi-kit new .\` (or \`cargo init\`, then wasi-kit init)`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a workspace root gets the runner; the metadata belongs in its members', async () => {
    const dir = tempDir('init-workspace');
    cpSync(fileURLToPath(new URL('../../../templates/workspace/Cargo.toml', import.meta.url)), path.join(dir, 'Cargo.toml'));
    const run = await wasiKit(['init'], { cwd: dir });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('Kept Cargo.toml: a workspace root; [package.metadata.wasi-kit] belongs in each member crate');
    expect(readFileSync(path.join(dir, '.cargo', 'config.toml'), 'utf8')).toBe(RUNNER);
  });
});
