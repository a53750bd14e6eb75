import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WasiKitError } from '../src/errors.js';
import { applyWasmtimeFlags, collectEnv, wasmtimeSettings, type WasmtimeFlagOptions } from '../src/run/wasmtime-flags.js';
import { wasiKit } from './helpers/cli.js';

const WAT = fileURLToPath(new URL('./fixtures/wat/', import.meta.url));
const flags = (options: Partial<WasmtimeFlagOptions>): WasmtimeFlagOptions => ({ wasm: [], wasi: [], env: [], ...options });

/** Runs `body`, expecting a usage error (exit 2) whose message and hint match. */
function refusal(body: () => unknown): WasiKitError {
  let caught: unknown;
  try {
    body();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(WasiKitError);
  const error = caught as WasiKitError;
  expect(error.exitCode).toBe(2);
  expect(error.message).not.toContain('\n');
  expect(error.hint).toBeTruthy();
  return error;
}

describe('wasmtime spellings, translated', () => {
  it('--env NAME passes on the host\'s value, and leaves NAME unset when the host has none', () => {
    const host = { HOME: '/home/me', EMPTY: '' };
    expect(collectEnv('HOME', [], host)).toEqual(['HOME=/home/me']);
    expect(collectEnv('EMPTY', ['A=1'], host)).toEqual(['A=1', 'EMPTY=']);
    expect(collectEnv('MISSING', ['A=1'], host)).toEqual(['A=1']);
    expect(collectEnv('K=V=W', [], host)).toEqual(['K=V=W']);
    expect(refusal(() => collectEnv('', [], host)).message).toMatch(/^--env "": expected NAME=VALUE/);
  });

  it('-W timeout and max-memory-size, comma-separated and repeated, become --timeout and --max-memory', () => {
    expect(wasmtimeSettings(['timeout=2,max-memory-size=1_048_576'], [])).toEqual({ timeout: '2', maxMemory: '1048576', inheritEnv: false });
    expect(wasmtimeSettings(['timeout=500ms', 'max_memory_size=0x100000'], [])).toEqual({ timeout: '500ms', maxMemory: '1048576', inheritEnv: false });
    expect(wasmtimeSettings(['simd,bulk-memory=y'], [])).toEqual({ inheritEnv: false });
    expect(applyWasmtimeFlags(flags({ wasm: ['timeout=3'], maxMemory: '64MiB' }))).toMatchObject({ timeout: '3', maxMemory: '64MiB' });
    expect(applyWasmtimeFlags(flags({ wasm: ['timeout=3'], timeout: '3' }))).toMatchObject({ timeout: '3' });
    expect(refusal(() => applyWasmtimeFlags(flags({ wasm: ['timeout=3'], timeout: '5s' }))).message).toBe('--timeout 5s and its -W spelling (3) disagree');
  });

  it('-S inherit-env puts the host environment under the --env flags', () => {
    const host = { HOME: '/home/me', LANG: 'C' };
    expect(applyWasmtimeFlags(flags({ wasi: ['inherit-env'], env: ['LANG=fr'] }), host).env).toEqual(['HOME=/home/me', 'LANG=C', 'LANG=fr']);
    expect(applyWasmtimeFlags(flags({ wasi: ['inherit-env=n,cli=y,preview2=n'], env: ['A=1'] }), host).env).toEqual(['A=1']);
  });

  it.each([
    [{ wasm: ['fuel=1000'] }, /^-W fuel: wasi-kit has no such switch$/, /timeout=DURATION and max-memory-size=BYTES/],
    [{ wasm: ['simd=n'] }, /^-W simd: wasi-kit has no such switch$/, /always on in Node's V8/],
    [{ wasm: ['timeout'] }, /^-W timeout needs a value$/, /-W timeout=2s/],
    [{ wasm: ['simd=maybe'] }, /^-W simd=maybe: expected y or n$/, /-W simd=y/],
    [{ wasi: ['tcp'] }, /^-S tcp: wasi-kit does not provide sockets$/, /preview1 host/],
    [{ wasi: ['http=y'] }, /^-S http: wasi-kit does not provide wasi-http$/, /preview1 host/],
    [{ wasi: ['inherit-stdin=n'] }, /^-S inherit-stdin=n: wasi-kit cannot turn inherit-stdin off$/, /leave -S inherit-stdin out/],
    [{ mapdir: '/data::./data' }, /^--mapdir is wasmtime's old spelling/, /^use --dir \.\/data::\/data /],
    [{ optimize: 'opt-level=2' }, /^-O opt-level=2: wasmtime's compiler and debug options have no counterpart/, /--backtrace/],
    [{ debug: 'debug-info' }, /^-D debug-info: /, /V8 compiles/],
  ])('refuses %j with one precise line', (options, message, hint) => {
    const error = refusal(() => applyWasmtimeFlags(flags(options)));
    expect(error.message).toMatch(message);
    expect(error.hint).toMatch(hint);
  });
});

describe('wasmtime spellings on the built CLI', () => {
  it('--env NAME inherits NAME from the host; NAME=VALUE still sets it', async () => {
    const run = await wasiKit(['run', '--env', 'GREETING', '--env', 'NOT_SET_ANYWHERE', '--env=MODE=fast', 'print-env.wat'], { cwd: WAT, env: { GREETING: 'hello there' } });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toBe('GREETING=hello there\nMODE=fast');
  });

  it('-S inherit-env gives the guest the host environment, with --env on top', async () => {
    const run = await wasiKit(['run', '-S', 'inherit-env', '--env', 'GREETING=override', 'print-env.wat'], { cwd: WAT, env: { GREETING: 'hello', WASI_KIT_PROBE: '42' } });
    expect(run.exitCode, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines).toContain('WASI_KIT_PROBE=42');
    expect(lines).toContain('GREETING=override');
    expect(lines).not.toContain('GREETING=hello');
  });

  it('--timeout 1 means one second, and -W timeout= stops the guest the same way', async () => {
    for (const args of [['--timeout', '1'], ['-W', 'timeout=1']]) {
      const run = await wasiKit(['run', ...args, 'spin.wat'], { cwd: WAT });
      expect(run.exitCode, run.stderr).toBe(124);
      expect(run.stderr).toBe('error: guest ran longer than 1s; stopped');
    }
  });

  it('-W max-memory-size caps memory.grow as --max-memory does', async () => {
    const run = await wasiKit(['run', '-W', 'max-memory-size=196608', 'grow.wat'], { cwd: WAT });
    const capped = await wasiKit(['run', '--max-memory', '196608', 'grow.wat'], { cwd: WAT });
    expect(run).toMatchObject({ exitCode: 3, stdout: 'memory.grow returned -1 at 3 pages' });
    expect(run.stdout).toBe(capped.stdout);
  });

  it('--mapdir and an unknown -S key get one line pointing to what works, exit 2', async () => {
    const mapdir = await wasiKit(['run', '--mapdir', '/data::.', 'hello.wat'], { cwd: WAT });
    expect(mapdir.exitCode).toBe(2);
    expect(mapdir.stderr).toBe("error: --mapdir is wasmtime's old spelling (GUEST::HOST); wasi-kit grants directories with --dir HOST::GUEST\nhint: use --dir .::/data (the host folder comes first; ::ro makes it read-only)");
    const tcp = await wasiKit(['run', '-S', 'tcp', 'hello.wat'], { cwd: WAT });
    expect(tcp.exitCode).toBe(2);
    expect(tcp.stderr.split('\n')).toHaveLength(2);
    expect(tcp.stderr).toMatch(/^error: -S tcp: wasi-kit does not provide sockets\nhint: /);
  });
});
