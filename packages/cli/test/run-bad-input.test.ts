import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir, wasiKit, type CliRun } from './helpers/cli.js';

const WAT = fileURLToPath(new URL('./fixtures/wat/', import.meta.url));

/** One `error:` line, at most one `hint:` line, a non-zero exit and no stack trace. */
function expectOneLineError(run: CliRun, error: string | RegExp, exitCode = 1): void {
  expect(run.exitCode).toBe(exitCode);
  expect(run.stdout).toBe('');
  const [first, ...rest] = run.stderr.split('\n');
  if (typeof error === 'string') expect(first).toBe(`error: ${error}`);
  else expect(first).toMatch(error);
  expect(rest.length).toBeLessThanOrEqual(1);
  if (rest[0] !== undefined) expect(rest[0]).toMatch(/^hint: /);
}

describe('wasi-kit run refuses bad input with one line', () => {
  const dir = tempDir('bad-input');
  const file = (name: string, content: string | Uint8Array) => {
    writeFileSync(path.join(dir, name), content);
    return name;
  };

  it.each([
    ['an empty file', () => file('empty.wasm', ''), 'empty.wasm is not a WebAssembly module: it looks like an empty file'],
    ['a native executable', () => file('native.wasm', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0])), 'native.wasm is not a WebAssembly module: it looks like an ELF executable'],
    ['a text file', () => file('readme.wasm', 'Build me first.\n'), 'readme.wasm is not a WebAssembly module: it looks like a text file (starting "Build me first.")'],
    ['WAT saved as .wasm', () => file('hello.wasm', '(module (func (export "_start")))'), 'hello.wasm is not a WebAssembly module: it looks like WebAssembly text (WAT)'],
    ['a missing file', () => 'nowhere.wasm', 'nowhere.wasm: no such file'],
    // Devices are endless: what they start with is judged before more is read.
    ['/dev/zero', () => '/dev/zero', '/dev/zero is not a WebAssembly module: it looks like binary data that is not WebAssembly'],
    ['/dev/urandom', () => '/dev/urandom', '/dev/urandom is not a WebAssembly module: it looks like binary data that is not WebAssembly'],
    // /proc's files say they are empty and are not.
    ['a /proc file', () => '/proc/self/status', /^error: \/proc\/self\/status is not a WebAssembly module: it looks like a text file \(starting "Name:/],
  ])('%s says what it looks like', async (_, name, message) => {
    expectOneLineError(await wasiKit(['run', name()], { cwd: dir }), message);
  });

  it('WAT saved as .wasm gets the rename hint', async () => {
    const run = await wasiKit(['run', file('writer.wasm', ';; text\n(module)')], { cwd: dir });
    expect(run.stderr.split('\n')[1]).toBe('hint: rename it to writer.wat and wasi-kit compiles it in memory');
  });

  it('a truncated module gives V8\'s validation message', async () => {
    const bytes = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60]);
    expectOneLineError(await wasiKit(['run', file('cut.wasm', bytes)], { cwd: dir }), /^error: cut\.wasm is not a valid WebAssembly module: .+ @\+\d+$/);
  });

  it('a component that is not a wasi:cli command says so and what to build instead', async () => {
    const component = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]);
    const run = await wasiKit(['run', file('app.wasm', component)], { cwd: dir });
    expectOneLineError(run, 'app.wasm is a component without a wasi:cli/run export, so it is not a WASI command (it exports nothing)');
    expect(run.stderr).toContain('hint: build a binary crate for wasm32-wasip2');
  });

  it('unknown imports are listed', async () => {
    const run = await wasiKit(['run', 'unknown-imports.wat'], { cwd: WAT });
    expectOneLineError(run, 'unknown-imports.wat has imports wasi-kit does not provide: env.log_number (function), wasi_snapshot_preview1.fd_wrte (function)');
  });

  it('a trap is one line naming the function, exit code 134', async () => {
    expectOneLineError(await wasiKit(['run', 'trap.wat'], { cwd: WAT }), "wasm trap: integer divide by zero in function 'divide'", 134);
  });

  it('a --dir that does not exist', async () => {
    const run = await wasiKit(['run', '--dir', './missing::/data', 'hello.wat'], { cwd: WAT });
    expectOneLineError(run, `--dir ./missing::/data: ${path.join(WAT, 'missing')} does not exist`);
  });

  it('a --dir that is a file, not a directory', async () => {
    copyFileSync(path.join(WAT, 'hello.wat'), path.join(dir, 'plain.txt'));
    const run = await wasiKit(['run', '--dir=plain.txt', path.join(WAT, 'hello.wat')], { cwd: dir });
    expectOneLineError(run, `--dir plain.txt: ${path.join(dir, 'plain.txt')} is not a directory`);
  });
});
