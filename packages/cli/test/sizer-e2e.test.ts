import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir, wasiKit } from './helpers/cli.js';

// The foundation's promise, end to end with the real cargo: new → build → run with a preopen.
describe('sizer: new → build → run', () => {
  let projectDir: string;
  let wasm: string;

  beforeAll(async () => {
    const workspace = tempDir('sizer');
    const created = await wasiKit(['new', 'sizer'], { cwd: workspace });
    expect(created.exitCode, created.stderr).toBe(0);
    projectDir = path.join(workspace, 'sizer');
    const built = await wasiKit(['build'], { cwd: projectDir });
    expect(built.exitCode, built.stderr).toBe(0);
    wasm = String(built.stdout).trim();
    expect(wasm).toMatch(/target\/wasm32-wasip?1?\/debug\/sizer\.wasm$/);
  });

  it('lists exactly the files of a granted fixture directory, with their sizes', async () => {
    const fixture = tempDir('fixture');
    writeFileSync(path.join(fixture, 'a.txt'), 'hello\n');
    writeFileSync(path.join(fixture, 'empty.bin'), '');
    writeFileSync(path.join(fixture, 'kilo.dat'), Buffer.alloc(1024, 7));
    const run = await wasiKit(['run', wasm, `--dir=${fixture}::/data`, '/data']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(['filename: "a.txt", filesize: 6 bytes', 'filename: "empty.bin", filesize: 0 bytes', 'filename: "kilo.dat", filesize: 1024 bytes'].join('\n'));
    expect(run.exitCode).toBe(0);
  });

  it('lists the working directory with --dir=. and .', async () => {
    const run = await wasiKit(['run', wasm, '--dir=.', '.'], { cwd: projectDir });
    expect(run.exitCode, run.stderr).toBe(0);
    const names = readdirSync(projectDir).sort();
    expect(run.stdout.split('\n').map((line) => /^filename: "(.*)", filesize: \d+ bytes$/.exec(line)?.[1])).toEqual(names);
  });

  it('shows the guest\'s own error when no directory is granted', async () => {
    const run = await wasiKit(['run', wasm, '.'], { cwd: projectDir });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('failed to find a pre-opened file descriptor through which "." could be opened');
  });

  it('inside the crate, run and dev list "." (Cargo.toml\'s args) once it is granted: wasi-kit dev --dir=. works as is', async () => {
    const granted = await wasiKit(['run', '--dir=.'], { cwd: projectDir });
    expect(granted.exitCode, granted.stderr).toBe(0);
    expect(granted.stdout.split('\n').map((line) => /^filename: "(.*)", filesize: \d+ bytes$/.exec(line)?.[1])).toEqual(readdirSync(projectDir).sort());
    const ungranted = await wasiKit(['run'], { cwd: projectDir });
    expect(ungranted.exitCode).toBe(1);
    expect(ungranted.stderr).toContain('failed to find a pre-opened file descriptor through which "." could be opened');
  });

  it('prints the usage line when the folder argument is missing', async () => {
    const run = await wasiKit(['run', wasm]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr.trim().split('\n').at(-1)).toBe('sizer.wasm <input_folder>');
  });
});

describe('bad input', () => {
  it('new refuses a non-empty folder and changes nothing in it', async () => {
    const workspace = tempDir('nonempty');
    mkdirSync(path.join(workspace, 'taken'));
    writeFileSync(path.join(workspace, 'taken', 'keep.txt'), 'mine');
    const run = await wasiKit(['new', 'taken'], { cwd: workspace });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^error: .*taken is not empty/m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(path.join(workspace, 'taken'))).toEqual(['keep.txt']);
    expect(readdirSync(workspace)).toEqual(['taken']);
  });

  it('an unknown command gets the error and the usage line, and exits 2', async () => {
    const run = await wasiKit(['frobnicate']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("unknown command 'frobnicate'");
    expect(run.stderr).toContain('Usage: wasi-kit');
  });

  it('an unknown option gets the error and the command\'s usage line, and exits 2', async () => {
    const run = await wasiKit(['run', '--bogus', 'x.wasm']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("unknown option '--bogus'");
    expect(run.stderr).toContain('Usage: wasi-kit run');
  });

  it('a build failure shows cargo\'s rendered error and exits 1', async () => {
    const workspace = tempDir('broken');
    expect((await wasiKit(['new', 'broken'], { cwd: workspace })).exitCode).toBe(0);
    const main = path.join(workspace, 'broken', 'src', 'main.rs');
    writeFileSync(main, 'fn main() {\n    let x: u32 = "not a number";\n}\n');
    const run = await wasiKit(['build'], { cwd: path.join(workspace, 'broken') });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('error[E0308]: mismatched types');
    expect(run.stderr).toContain('src/main.rs:2');
    expect(run.stderr).toMatch(/^error: cargo build failed with .* rustc \d+\.\d+\.\d+ for wasm32-wasip?1?$/m);
  });
});
