import { fileURLToPath } from 'node:url';
import { build } from '@wasi-kit/cargo-bridge';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, wasiKit } from './helpers/cli.js';

const WAT = fileURLToPath(new URL('./fixtures/wat/', import.meta.url));
// The runtime's misbehaving Rust guest (grow | alloc | spin), shared rather than copied.
const PROBE_CRATE = fileURLToPath(new URL('../../runtime/test/tools/fixtures/crates/limits-probe/', import.meta.url));

describe('wasi-kit run --timeout', () => {
  it('stops a WAT guest in an endless loop with one line and exit code 124', async () => {
    const run = await wasiKit(['run', '--timeout', '300ms', 'spin.wat'], { cwd: WAT });
    expect(run).toMatchObject({ exitCode: 124, stdout: '', stderr: 'error: guest ran longer than 300ms; stopped' });
  });

  it('lets a guest that finishes in time exit normally, its output intact', async () => {
    const run = await wasiKit(['run', '--timeout', '1m', 'hello.wat'], { cwd: WAT });
    expect(run).toMatchObject({ exitCode: 0, stdout: 'hello from wat', stderr: '' });
  });

  it('Ctrl-C stops a guest running under --timeout (in its child process) at once, with exit code 130', async () => {
    const child = execa(process.execPath, [CLI_BIN, 'run', '--timeout', '10m', 'spin-after-hello.wat'], { cwd: WAT, reject: false, env: { NO_COLOR: '1' } });
    // Wait until the guest is running (it prints before looping), then interrupt it.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(result.stdout).toBe('spinning');
    expect(result.stderr).toBe('error: interrupted; guest stopped');
  });

  it('Ctrl-C stops an in-process guest too (no handler: the signal ends the process)', async () => {
    const child = execa(process.execPath, [CLI_BIN, 'run', 'spin-after-hello.wat'], { cwd: WAT, reject: false });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.kill('SIGINT');
    const result = await child;
    expect(result.signal).toBe('SIGINT');
  });

  it.each(['0ms', '2 sec'])('refuses --timeout %s with an example', async (value) => {
    const run = await wasiKit(['run', `--timeout=${value}`, 'hello.wat'], { cwd: WAT });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(`error: --timeout ${value}: expected a positive duration\nhint: for example --timeout 2 (seconds), 500ms, 2s or 1m`);
  });
});

describe('wasi-kit run --max-memory', () => {
  it('makes memory.grow return -1 at the cap; the WAT guest reports it and exits 3', async () => {
    const run = await wasiKit(['run', '--max-memory', '1MiB', 'grow.wat'], { cwd: WAT });
    expect(run).toMatchObject({ exitCode: 3, stdout: 'memory.grow returned -1 at 16 pages', stderr: '' });
  });

  it('refuses a cap below the module\'s initial memory', async () => {
    const run = await wasiKit(['run', '--max-memory', '32k', 'grow.wat'], { cwd: WAT });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe('error: grow.wat needs 1 pages (64KiB) of memory at start, more than --max-memory 32k (0 pages)\nhint: raise --max-memory to at least 64KiB');
  });

  it('refuses a size it cannot read', async () => {
    const run = await wasiKit(['run', '--max-memory', 'lots', 'grow.wat'], { cwd: WAT });
    expect(run.exitCode).toBe(1);
    expect(run.stderr.split('\n')[0]).toBe('error: --max-memory lots: expected a size such as 64MiB or 1G');
  });
});

describe('limits on a Rust guest built with cargo', () => {
  let probe: string;
  beforeAll(async () => {
    probe = (await build({ cwd: PROBE_CRATE })).artifacts[0]!.wasm;
  });

  it('--max-memory: memory.grow returns -1 and the guest reports it', async () => {
    const run = await wasiKit(['run', '--max-memory', '4MiB', probe, 'grow']);
    expect(run).toMatchObject({ exitCode: 3, stdout: expect.stringMatching(/^memory\.grow returned -1 at (4[89]|5\d|6[0-4]) pages$/) });
  });

  it('--max-memory: a Vec growing forever ends in Rust\'s allocation failure, not the machine\'s', async () => {
    const run = await wasiKit(['run', '--max-memory', '4MiB', probe, 'alloc']);
    expect(run.exitCode).toBe(134);
    expect(run.stderr).toMatch(/memory allocation of 1048576 bytes failed\nerror: wasm trap: wasm `unreachable` instruction executed in function 'limits_probe::main'$/);
  });

  it('--timeout stops a spinning guest, with --max-memory at the same time', async () => {
    const run = await wasiKit(['run', '--timeout', '1s', '--max-memory', '16MiB', probe, 'spin']);
    expect(run).toMatchObject({ exitCode: 124, stderr: 'error: guest ran longer than 1s; stopped' });
  });
});
