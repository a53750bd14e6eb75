import { truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI_BIN, tempDir, wasiKit, type CliRun } from './helpers/cli.js';

// Module files and command lines chosen to break a host: each must end in one clear line, a
// non-zero exit (never 70), nothing hung and nothing allocated for nothing.

const dir = tempDir('hostile');
const file = (name: string, content: string | Uint8Array) => {
  const target = path.join(dir, name);
  writeFileSync(target, content);
  return target;
};

function expectOneLine(run: CliRun, message: string | RegExp, exitCode = 1): void {
  expect(run.exitCode, run.stderr).toBe(exitCode);
  const [first, ...rest] = run.stderr.split('\n');
  if (typeof message === 'string') expect(first).toBe(`error: ${message}`);
  else expect(first).toMatch(message);
  expect(rest.every((line) => line.startsWith('hint: '))).toBe(true);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

const READ_STDIN = `(module (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start") (i32.store (i32.const 0) (i32.const 64)) (i32.store (i32.const 4) (i32.const 16))
    (drop (call $read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))))`;

describe('--timeout covers every way a guest can hang', () => {
  it('a guest blocked reading a stdin pipe that stays open: the process exits with 124 at once', async () => {
    const wat = file('read-stdin.wat', READ_STDIN);
    // stdin is a pipe this test never writes to nor closes while the CLI runs.
    const child = execa(process.execPath, [CLI_BIN, 'run', '--timeout', '300ms', wat], { reject: false, stdin: 'pipe', env: { NO_COLOR: '1' } });
    const result = await child;
    child.stdin?.end();
    expect(result.exitCode, String(result.stderr)).toBe(124);
    expect(String(result.stderr)).toBe('error: guest ran longer than 300ms; stopped');
  });

  it('a start section that never returns is stopped too', async () => {
    const wat = file('start-loop.wat', '(module (memory (export "memory") 1) (func $spin (loop $l (br $l))) (start $spin) (func (export "_start")))');
    expectOneLine(await wasiKit(['run', '--timeout', '300ms', wat]), 'guest ran longer than 300ms; stopped', 124);
  });
});

describe('module files that are not what they claim', () => {
  it('a start section calling proc_exit(3) exits 3, as wasmtime does', async () => {
    const wat = file('start-exit.wat', '(module (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32))) (memory (export "memory") 1) (func $s (call $exit (i32.const 3))) (start $s) (func (export "_start") unreachable))');
    const run = await wasiKit(['run', wat]);
    expect(run.exitCode, run.stderr).toBe(3);
    expect(run.stderr).toBe('');
  });

  it('a 3 GiB module file is refused from its size, without reading it', async () => {
    const huge = file('huge.wasm', new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
    truncateSync(huge, 3 * 1024 ** 3);
    expectOneLine(await wasiKit(['run', huge]), `${huge} is 3GiB, larger than the 1GiB a WebAssembly module can be`);
  });

  it('a 3 GiB file that is not wasm says what it looks like', async () => {
    const huge = file('huge-text.wasm', 'hello\n');
    truncateSync(huge, 3 * 1024 ** 3);
    expectOneLine(await wasiKit(['run', huge]), /^error: .*huge-text\.wasm is not a WebAssembly module: it looks like /);
  });
});

describe('flags that meet an odd module', () => {
  it('--invoke of a function returning v128 is one line', async () => {
    const wat = file('simd.wat', '(module (func (export "v") (result v128) (v128.const i64x2 1 2)))');
    expectOneLine(await wasiKit(['run', '--invoke', 'v', wat]), /^error: v\(\) -> v128 uses v128, which cannot be passed to or printed from the command line/);
  });

  it('--trace-file on a full device is one line', async () => {
    const wat = file('hello.wat', '(module (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32))) (memory (export "memory") 1) (data (i32.const 64) "hi\\n") (func (export "_start") (i32.store (i32.const 0) (i32.const 64)) (i32.store (i32.const 4) (i32.const 3)) (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))');
    expectOneLine(await wasiKit(['run', '--trace-file', '/dev/full', wat]), 'cannot write the trace to /dev/full: ENOSPC');
  });

  it('--max-memory above 4 GiB is no cap: a valid module stays valid', async () => {
    const wat = file('grow-once.wat', '(module (memory (export "memory") 1 65536) (func (export "_start") (drop (memory.grow (i32.const 1)))))');
    const run = await wasiKit(['run', '--max-memory', '5GiB', wat]);
    expect(run.exitCode, run.stderr).toBe(0);
  });
});

describe('a module\'s own strings never drive the terminal', () => {
  // Export names holding a newline (to forge an `error:` line) and an OSC sequence (to retitle the window).
  const evil = file('evil.wat', '(module (func (export "ok\\0aerror: forged") ) (func (export "\\1b]0;owned\\07title")))');

  it('in errors: the hint lists the exports with control characters escaped, on one line', async () => {
    const run = await wasiKit(['run', evil]);
    expectOneLine(run, /has no _start export/);
    expect(run.stderr).not.toContain('\x1b');
    expect(run.stderr).not.toMatch(/^error: forged/m);
    expect(run.stderr).toContain('ok\\nerror: forged, \\e]0;owned\\x07title');
  });

  it('in inspect', async () => {
    const run = await wasiKit(['inspect', evil]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('\x1b');
    expect(run.stdout).toContain('ok\\nerror: forged');
    expect(run.stdout).not.toMatch(/^error: forged/m);
  });
});

describe('one wording whichever entry point', () => {
  it('the CLI prints exactly the message the library rejects with', async () => {
    const runtime = await import('@wasi-kit/runtime');
    const missing = path.join(dir, 'missing.wasm');
    const cases = [missing, file('text.wasm', 'not wasm'), file('cut.wasm', new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 9]))];
    for (const module of cases) {
      const library = await runtime.run(module).then(() => undefined, (error: Error) => error.message);
      const cli = await wasiKit(['run', module]);
      expect(cli.stderr.split('\n')[0]).toBe(`error: ${library}`);
    }
  });
});
