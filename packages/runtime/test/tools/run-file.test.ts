import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from '@wasi-kit/cargo-bridge';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidModule, InvokeMismatch, NoStartExport, NotWasm, UnknownImports, WatSyntaxError } from '../../src/tools/errors.js';
import { runFile, type RunFileOptions } from '../../src/tools/run-file.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const temp = () => mkdtempSync(path.join(tmpdir(), 'wasi-kit-tools-'));

/** Runs a guest with stdout and stderr going to temp files; returns the exit code and the output. */
async function runCaptured(file: string, options: RunFileOptions = {}) {
  const dir = temp();
  const stdout = openSync(path.join(dir, 'stdout'), 'w');
  const stderr = openSync(path.join(dir, 'stderr'), 'w');
  try {
    const result = await runFile(file, { ...options, stdout, stderr });
    return { ...result, stdout: readFileSync(path.join(dir, 'stdout'), 'utf8'), stderr: readFileSync(path.join(dir, 'stderr'), 'utf8') };
  } finally {
    closeSync(stdout);
    closeSync(stderr);
  }
}

describe('runFile with .wat and --invoke', () => {
  it('runs a .wat file as it is, serving wasi_unstable when the module imports it', async () => {
    const run = await runCaptured(fixture('echo-args.wat'), { args: ['echo-args.wat', 'hi there'] });
    expect(run).toMatchObject({ exitCode: 0, stdout: 'hi there' });
  });

  it('invokes an export with arguments parsed by type and returns every result', async () => {
    expect((await runFile(fixture('math.wat'), { invoke: { name: 'add', args: ['2', '40'] } })).results).toEqual([42]);
    expect((await runFile(fixture('math.wat'), { invoke: { name: 'pair', args: [] } })).results).toEqual([-1, 9007199254740993n]);
    expect((await runFile(fixture('math.wat'), { invoke: { name: 'scale', args: ['2.5', '-2'] } })).results).toEqual([-5]);
    expect((await runFile(fixture('math.wat'), { invoke: { name: 'nothing', args: [] } })).results).toEqual([]);
  });

  it('runs _initialize before an invoked export, and its WASI calls work', async () => {
    const run = await runCaptured(fixture('reactor.wat'), { invoke: { name: 'greet', args: [] } });
    expect(run).toMatchObject({ exitCode: 0, results: [1], stdout: 'initialized\n' });
  });

  it('ends an invoked export that calls proc_exit with that exit code', async () => {
    expect(await runFile(fixture('reactor.wat'), { invoke: { name: 'quit', args: ['7'] } })).toEqual({ exitCode: 7 });
  });

  it('refuses a bad --invoke before running anything', async () => {
    await expect(runFile(fixture('math.wat'), { invoke: { name: 'add', args: ['1'] } })).rejects.toThrow(InvokeMismatch);
  });
});

describe('runFile refuses bad input with one line', () => {
  const write = (name: string, content: string | Uint8Array) => {
    const file = path.join(temp(), name);
    writeFileSync(file, content);
    return file;
  };

  it.each([
    ['a text file named .wasm', () => write('notes.wasm', 'just some notes\n'), NotWasm, /looks like a text file \(starting "just some notes"\)/],
    ['WAT with a .wasm name', () => write('hello.wasm', '(module)'), NotWasm, /looks like WebAssembly text \(WAT\)/],
    ['a component that is not a command', () => write('c.wasm', new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0])), NoStartExport, /is a component without a wasi:cli\/run export/],
    ['a truncated module', () => write('t.wasm', new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 9, 1])), InvalidModule, /is not a valid WebAssembly module: .*@\+\d+$/],
    ['a WAT syntax error', () => write('bad.wat', '(module\n  (func oops))'), WatSyntaxError, /bad\.wat:2:9: unexpected token "?oops/],
    ['a module without _start', () => fixture('math.wat'), NoStartExport, /has no _start export/],
    ['unknown imports', () => write('i.wat', '(module (import "env" "f" (func)) (import "wasi_snapshot_preview1" "nope" (func)) (memory (export "memory") 1) (func (export "_start")))'), UnknownImports, /imports wasi-kit does not provide: env\.f \(function\), wasi_snapshot_preview1\.nope \(function\)$/],
  ])('%s', async (_, file, type, message) => {
    const error = await runFile(file()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('a trap is one line naming the function, with exit code 134', async () => {
    const file = write('trap.wat', '(module (memory (export "memory") 1) (func $boom unreachable) (func (export "_start") call $boom))');
    await expect(runFile(file)).rejects.toMatchObject({ userFacing: true, exitCode: 134, message: "wasm trap: wasm `unreachable` instruction executed in function 'boom'" });
  });
});

describe('--max-memory with a real Rust guest', () => {
  let probe: string;
  beforeAll(async () => {
    const built = await build({ cwd: fixture('crates/limits-probe') });
    probe = built.artifacts[0]!.wasm;
  });

  it('memory.grow returns -1 at the cap and the guest sees it', async () => {
    const run = await runCaptured(probe, { args: ['probe', 'grow'], maxMemory: { bytes: 8 * 1024 * 1024, label: '8MiB' } });
    // The probe grows 16 pages at a time: the last grow that fits leaves it at most 128 pages (8 MiB).
    expect(run.stdout).toMatch(/^memory\.grow returned -1 at (\d+) pages\n$/);
    expect(Number(/at (\d+) pages/.exec(run.stdout)![1])).toBeGreaterThan(128 - 16);
    expect(Number(/at (\d+) pages/.exec(run.stdout)![1])).toBeLessThanOrEqual(128);
    expect(run.exitCode).toBe(3);
  });

  it('a Vec that grows past the cap makes Rust\'s allocator fail, which aborts (a trap)', async () => {
    const run = runCaptured(probe, { args: ['probe', 'alloc'], maxMemory: { bytes: 8 * 1024 * 1024, label: '8MiB' } });
    await expect(run).rejects.toMatchObject({ exitCode: 134, message: expect.stringMatching(/^wasm trap: wasm `unreachable` instruction executed in function 'limits_probe::main'$/) });
  });
});
