import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { isUserError } from '@wasi-kit/errors';
import { describe, expect, it } from 'vitest';
import { GuestTrap, run } from '../../src/index.js';
import { ECHO, wat, writer } from './wat.js';

async function rejection(promise: Promise<unknown>): Promise<Error & { exitCode?: number }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { exitCode?: number };
  }
  throw new Error('expected a rejection');
}

describe('run()', () => {
  it('runs a command and captures its output', async () => {
    const result = await run(await wat(writer('hi\n')), { capture: true });
    expect(result).toEqual({ exitCode: 0, stdout: 'hi\n', stderr: '' });
  });

  it('resolves with the proc_exit status', async () => {
    expect((await run(await wat(writer('bye', { fd: 2, code: 3 })), { capture: true }))).toEqual({ exitCode: 3, stdout: '', stderr: 'bye' });
  });

  it('refuses exit statuses of 126 and above as wasmtime does (exit code 1)', async () => {
    const error = await rejection(run(await wat(writer('', { code: 200 })), { capture: true }));
    expect(isUserError(error)).toBe(true);
    expect(error.exitCode).toBe(1);
    expect(error.message).toMatch(/status 200/);
  });

  it('serves wasi_unstable to modules that import it', async () => {
    expect(await run(await wat(writer('old\n', { namespace: 'wasi_unstable' })), { capture: true })).toMatchObject({ exitCode: 0, stdout: 'old\n' });
  });

  it('serves both namespaces to a module that imports both', async () => {
    const module = await wat(`(module
      (import "wasi_unstable" "fd_write" (func $old (param i32 i32 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "fd_write" (func $new (param i32 i32 i32 i32) (result i32)))
      (memory (export "memory") 1) (data (i32.const 64) "ab")
      (func (export "_start")
        (i32.store (i32.const 0) (i32.const 64)) (i32.store (i32.const 4) (i32.const 1))
        (drop (call $old (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
        (i32.store (i32.const 0) (i32.const 65))
        (drop (call $new (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))`);
    expect(await run(module, { capture: true })).toMatchObject({ exitCode: 0, stdout: 'ab' });
  });

  it('reads a Readable stdin fully before the guest starts, and writes to a Writable', async () => {
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (chunk: Buffer) => chunks.push(chunk));
    const result = await run(await wat(ECHO), { stdin: Readable.from([Buffer.from('stream '), Buffer.from('input that is longer than sixteen bytes')]), stdout: sink });
    expect(result.exitCode).toBe(0);
    expect(Buffer.concat(chunks).toString()).toBe('stream input that is longer than sixteen bytes');
  });

  it('a trap rejects with a one-line GuestTrap naming the trap and the function, exit code 134', async () => {
    const module = await wat(`(module (memory (export "memory") 1)
      (func $explode (unreachable))
      (func (export "_start") (call $explode)))`);
    const error = await rejection(run(module));
    expect(error).toBeInstanceOf(GuestTrap);
    expect(error.message).toBe("wasm trap: wasm `unreachable` instruction executed in function 'explode'");
    expect(error.exitCode).toBe(134);
    expect(isUserError(error)).toBe(true);
  });

  it('an out-of-bounds pointer given to WASI traps, naming the syscall', async () => {
    const module = await wat(`(module
      (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
      (memory (export "memory") 1)
      (func (export "_start") (drop (call $fd_write (i32.const 1) (i32.const 65532) (i32.const 4) (i32.const 0)))))`);
    const error = await rejection(run(module));
    expect(error).toBeInstanceOf(GuestTrap);
    expect(error.message).toMatch(/^wasm trap: invalid pointer passed to WASI: out-of-bounds pointer .* in fd_write/);
  });

  it('bad input: not wasm, a missing file, no _start, an unknown import — one line each', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wasi-kit-run-'));
    writeFileSync(path.join(dir, 'notes.txt'), 'hello');
    const notWasm = await rejection(run(path.join(dir, 'notes.txt')));
    expect(isUserError(notWasm)).toBe(true);
    expect(notWasm.message).toMatch(/is not a WebAssembly module/);
    const missing = await rejection(run(path.join(dir, 'missing.wasm')));
    expect(missing.message).toMatch(/missing\.wasm: no such file$/);
    const reactor = await rejection(run(await wat('(module (memory (export "memory") 1))')));
    expect(reactor.message).toMatch(/not a WASI command/);
    const unknown = await rejection(run(await wat('(module (import "env" "f" (func)) (memory (export "memory") 1) (func (export "_start")))')));
    expect(isUserError(unknown)).toBe(true);
    for (const error of [notWasm, missing, reactor, unknown]) expect(error.message).not.toContain('\n');
  });

  it('bad options name the option', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wasi-kit-run-'));
    writeFileSync(path.join(dir, 'file'), '');
    const notDir = await rejection(run(await wat(writer('')), { preopens: { '/data': path.join(dir, 'file') } }));
    expect(notDir.message).toBe(`options.preopens['/data']: ${path.join(dir, 'file')} is not a directory`);
    expect(isUserError(notDir)).toBe(true);
    const missing = await rejection(run(await wat(writer('')), { preopens: { '/data': path.join(dir, 'nope') } }));
    expect(missing.message).toMatch(/^options\.preopens\['\/data'\]: .* does not exist$/);
    const badArgs = await rejection(run(await wat(writer('')), { args: [Symbol('x') as unknown as string] }));
    expect(badArgs.message).toBe('options.args[0]: must be a string');
    const badSink = await rejection(run(await wat(writer('')), { stdout: 'nowhere' as 'capture' }));
    expect(badSink.message).toMatch(/^options\.stdout:/);
  });
});
