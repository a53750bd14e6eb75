import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, wasiKit } from './helpers/cli.js';

describe('build', () => {
  it('--release builds with the release profile and prints that path on stdout', async () => {
    const workspace = tempDir('build-release');
    expect((await wasiKit(['new', 'fast', '-t', 'hello'], { cwd: workspace })).exitCode).toBe(0);
    const run = await wasiKit(['build', '--release'], { cwd: path.join(workspace, 'fast') });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^\/.*\/target\/wasm32-wasip?1?\/release\/fast\.wasm$/);
    expect(existsSync(run.stdout)).toBe(true);
    // (a note first on machines where a toolchain was passed over)
    expect(run.stderr).toMatch(/^(note: passing over .*\n)?Built 1 wasm file\(s\) for wasm32-wasip?1? with .+ in \d+(ms|\.\d\ds)\n {2}fast\.wasm +[\d.]+KiB {2}from [\d.]+MiB \(stripped [\d.]+KiB, wasm-opt -Oz [\d.]+KiB\): [\d.]+% smaller\nrun it: wasi-kit run target\/.*\/release\/fast\.wasm --dir=\. \.$/);
  });

  it('outside a crate says so in one line, before running cargo', async () => {
    const run = await wasiKit(['build'], { cwd: tempDir('build-nowhere') });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error: no Cargo.toml in \/.* or above it\nhint: run this inside a crate, or create one: wasi-kit new NAME$/);
  });

  it('--help shows the options and examples', async () => {
    const run = await wasiKit(['build', '--help']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('--release');
    expect(run.stdout).toContain('--json');
    expect(run.stdout).toContain('$ wasi-kit build --json');
  });

  it('every command\'s --help has examples', async () => {
    const top = await wasiKit(['--help']);
    const commands = [...top.stdout.matchAll(/^ {2}([a-z]+) /gm)].map((match) => match[1] as string).filter((name) => name !== 'help');
    expect(commands).toEqual(expect.arrayContaining(['new', 'build', 'run', 'dev']));
    for (const command of commands) {
      const run = await wasiKit([command, '--help']);
      expect(run.exitCode, command).toBe(0);
      expect(run.stdout, command).toMatch(/Examples:\n {2}\$ wasi-kit /);
    }
  });
});
