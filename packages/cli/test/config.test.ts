import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir, wasiKit } from './helpers/cli.js';

// [package.metadata.wasi-kit] as `run --bin` reads it, and flags over config.
describe('project config: run --bin', () => {
  let hello: string;
  let sizer: string;

  beforeAll(async () => {
    const workspace = tempDir('config-cli');
    expect((await wasiKit(['new', 'greet', '-t', 'hello'], { cwd: workspace })).exitCode).toBe(0);
    expect((await wasiKit(['new', 'lister', '-t', 'sizer'], { cwd: workspace })).exitCode).toBe(0);
    hello = path.join(workspace, 'greet');
    sizer = path.join(workspace, 'lister');
    for (const [dir, file] of [['from-config', 'c.txt'], ['from-flag', 'f.txt']] as const) {
      mkdirSync(path.join(sizer, dir));
      writeFileSync(path.join(sizer, dir, file), 'x');
    }
    // The sizer template's own config says args = ["."]: this one grants and lists /data instead.
    const manifest = readFileSync(path.join(sizer, 'Cargo.toml'), 'utf8');
    expect(manifest).toContain('\nargs = ["."]\n');
    writeFileSync(path.join(sizer, 'Cargo.toml'), manifest.replace('\nargs = ["."]\n', '\ndirs = ["from-config::/data", "."]\nargs = ["/data"]\n'));
  });

  it('builds the binary and runs it with the config\'s env and args', async () => {
    const run = await wasiKit(['run', '--bin', 'greet'], { cwd: hello, input: '' });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toBe(['greet says hi', 'args: ["one", "two"]', 'GREETING: hello from Cargo.toml', 'stdin: "" (0 bytes)'].join('\n'));
  });

  it('lets --env replace a config variable and command-line arguments replace the config\'s args', async () => {
    const run = await wasiKit(['run', '--bin', 'greet', '--env', 'GREETING=from the flag', '--', 'three'], { cwd: hello, input: '' });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toBe(['greet says hi', 'args: ["three"]', 'GREETING: from the flag', 'stdin: "" (0 bytes)'].join('\n'));
  });

  it('grants the config\'s dirs, relative to Cargo.toml, from any folder below it', async () => {
    const run = await wasiKit(['run', '--bin', 'lister'], { cwd: path.join(sizer, 'src') });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toBe('filename: "c.txt", filesize: 1 bytes');
  });

  it('lets a --dir for the same guest path replace the config\'s grant', async () => {
    const run = await wasiKit(['run', '--bin', 'lister', '--dir', 'from-flag::/data'], { cwd: sizer });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toBe('filename: "f.txt", filesize: 1 bytes');
  });

  it('names the key of invalid config in one line', async () => {
    const broken = path.join(tempDir('config-bad'), 'bad');
    expect((await wasiKit(['new', broken, '-t', 'hello'])).exitCode).toBe(0);
    const manifest = path.join(broken, 'Cargo.toml');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('GREETING = "hello from Cargo.toml"', 'GREETING = 42'));
    const run = await wasiKit(['run', '--bin', 'bad'], { cwd: broken });
    expect(run.exitCode).toBe(1);
    expect(run.stderr.split('\n').filter((line) => line.startsWith('error:'))).toEqual(['error: Cargo.toml: package.metadata.wasi-kit.env.GREETING: expected a string, found 42']);
  });

  it('says which binaries there are when --bin names none', async () => {
    const run = await wasiKit(['run', '--bin', 'nope'], { cwd: hello });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('no bin target named `nope`');
  });

  it('builds and runs the crate\'s only binary when run is given no file, as cargo run does', async () => {
    const run = await wasiKit(['run', '--env', 'GREETING=bare'], { cwd: path.join(hello, 'src'), input: '' });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toBe(['greet says hi', 'args: ["one", "two"]', 'GREETING: bare', 'stdin: "" (0 bytes)'].join('\n'));
  });

  it('inside a crate, a first operand that is no module is the guest\'s, as with cargo run -- . (and dev --dir=. -- .)', async () => {
    for (const argv of [['run', '--', '.'], ['run', '.']]) {
      const run = await wasiKit(argv, { cwd: sizer });
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.stdout, argv.join(' ')).toContain('"Cargo.toml"');
    }
  });

  it('asks for a file when run is given none outside a crate', async () => {
    const run = await wasiKit(['run'], { cwd: tempDir('config-no-crate') });
    expect(run.exitCode).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('error: run needs a FILE, or a crate here to build and run');
  });
});
