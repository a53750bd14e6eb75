import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir, wasiKit } from './helpers/cli.js';

// Every template as a user meets it: scaffolded by the built CLI, built, run, exact output.
// (sizer has its own file: sizer-e2e.test.ts; workspace is tested with its turbo wiring.)

const REPO = realpathSync(fileURLToPath(new URL('../../../', import.meta.url)));

async function scaffold(template: string, name: string): Promise<string> {
  const workspace = tempDir(template);
  const created = await wasiKit(['new', name, '--template', template], { cwd: workspace });
  expect(created.exitCode, created.stderr).toBe(0);
  return path.join(workspace, name);
}

describe('hello: prints its args, an env var and its stdin', () => {
  let projectDir: string;
  let wasm: string;

  beforeAll(async () => {
    projectDir = await scaffold('hello', 'greeter');
    const built = await wasiKit(['build'], { cwd: projectDir });
    expect(built.exitCode, built.stderr).toBe(0);
    wasm = built.stdout.trim();
    expect(wasm).toMatch(/\/debug\/greeter\.wasm$/);
  });

  it('shows exactly what the guest was given', async () => {
    const run = await wasiKit(['run', wasm, '--env', 'GREETING=hi there', '--', 'a', 'b c'], { input: 'piped text\n' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(['greeter says hi', 'args: ["a", "b c"]', 'GREETING: hi there', 'stdin: "piped text\\n" (11 bytes)'].join('\n'));
    expect(run.exitCode).toBe(0);
  });

  it('passes no environment the user did not grant', async () => {
    const run = await wasiKit(['run', wasm], { input: '', env: { GREETING: 'from the host shell' } });
    expect(run.stdout).toBe(['greeter says hi', 'args: []', 'GREETING is not set', 'stdin: "" (0 bytes)'].join('\n'));
  });
});

describe('wat: hand-written modules calling WASI directly, no cargo', () => {
  let projectDir: string;

  beforeAll(async () => {
    projectDir = await scaffold('wat', 'by-hand');
  });

  it('writer.wat writes its line through wasi_unstable.fd_write', async () => {
    expect(readFileSync(path.join(projectDir, 'writer.wat'), 'utf8')).toContain('(import "wasi_unstable" "fd_write"');
    const run = await wasiKit(['run', 'writer.wat'], { cwd: projectDir });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('hello from hand-written wat');
    expect(run.exitCode).toBe(0);
  });

  it('mkdir.wat creates a directory in the granted folder through path_create_directory', async () => {
    const granted = tempDir('wat-grant');
    const run = await wasiKit(['run', path.join(projectDir, 'mkdir.wat'), `--dir=${granted}::/out`]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('created made-by-wat');
    expect(run.exitCode).toBe(0);
    expect(statSync(path.join(granted, 'made-by-wat')).isDirectory()).toBe(true);
  });

  it('mkdir.wat in a read-only grant (::ro) is refused with errno 63 (perm, as wasmtime) and creates nothing', async () => {
    const granted = tempDir('wat-ro');
    const run = await wasiKit(['run', path.join(projectDir, 'mkdir.wat'), `--dir=${granted}::/out::ro`]);
    expect(run.stdout).toBe('');
    expect(run.exitCode).toBe(63);
    expect(readdirSync(granted)).toEqual([]);
  });

  it('mkdir.wat without a grant has no fd 3 and exits with errno 8 (badf), creating nothing', async () => {
    const run = await wasiKit(['run', 'mkdir.wat'], { cwd: projectDir });
    expect(run.stdout).toBe('');
    expect(run.exitCode).toBe(8);
    expect(existsSync(path.join(projectDir, 'made-by-wat'))).toBe(false);
  });
});

describe('ts-host: a TypeScript program that builds its crate and captures the guest\'s stdout', () => {
  it('npm start builds the Rust guest with cargo-bridge and reads its JSON answer from a string', async () => {
    const projectDir = await scaffold('ts-host', 'word-counter');
    expect(JSON.parse(readFileSync(path.join(projectDir, 'package.json'), 'utf8')).name).toBe('word-counter');
    // The printed next step, as typed: before wasi-kit is published, the @wasi-kit dependencies
    // point at this installation (the clone), so npm fetches only typescript and @types/node.
    const manifest = JSON.parse(readFileSync(path.join(projectDir, 'package.json'), 'utf8'));
    expect(manifest.dependencies).toEqual({ '@wasi-kit/cargo-bridge': `file:${path.join(REPO, 'packages/cargo-bridge')}`, '@wasi-kit/runtime': `file:${path.join(REPO, 'packages/runtime')}` });
    const install = await execa('npm', ['install', '--no-audit', '--no-fund'], { cwd: projectDir, reject: false, all: true });
    expect(install.exitCode, String(install.all)).toBe(0);

    const run = await execa('npm', ['start', '--silent', '--', 'the quick sandboxed fox'], { cwd: projectDir, reject: false, env: { NO_COLOR: '1' } });
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.stdout).toBe('the guest counted 4 words; the longest is "sandboxed"');
    expect(run.exitCode).toBe(0);
    // npm fetches from the registry and tsc compiles beside every other suite: a generous hang guard.
  }, 400_000);
});
