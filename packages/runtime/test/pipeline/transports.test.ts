import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from '@wasi-kit/cargo-bridge';
import { isUserError } from '@wasi-kit/errors';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunRequest, RunResult } from '../../src/index.js';
import { componentFile, componentFromWat } from '../helpers/component.js';
import { buildProbes, probeWasm } from '../helpers/probes.js';
import { compileWat } from '../helpers/wat.js';

// The transports start their entry files by URL next to the bundle: these tests run what ships.
const runtime: typeof import('../../src/index.js') = await import(pathToFileURL(fileURLToPath(new URL('../../dist/bundle/runtime.js', import.meta.url))).href);

const fixture = (name: string) => fileURLToPath(new URL(`../tools/fixtures/${name}`, import.meta.url));
const temp = () => mkdtempSync(path.join(tmpdir(), 'wasi-kit-pipeline-'));
const write = (name: string, content: string | Uint8Array) => {
  const file = path.join(temp(), name);
  writeFileSync(file, content);
  return file;
};

type Transport = (request: RunRequest) => Promise<RunResult>;
const TRANSPORTS: [string, Transport][] = [
  ['in-process', (request) => runtime.runInProcess(request)],
  ['worker', (request) => runtime.runInWorker(request)],
  ['child process', (request) => runtime.runInChild(request)],
];
const STOPPABLE = TRANSPORTS.slice(1);

async function failure(promise: Promise<unknown>): Promise<Error & { exitCode?: number; hint?: string }> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!(error instanceof Error)) throw new Error('expected a rejection');
  return error;
}

const LOOP = '(module (memory (export "memory") 1) (func (export "_start") (loop $l (br $l))))';
const START_LOOP = '(module (memory (export "memory") 1) (func $spin (loop $l (br $l))) (start $spin) (func (export "_start")))';
const START_EXIT = '(module (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32))) (memory (export "memory") 1) (func $s (call $exit (i32.const 3))) (start $s) (func (export "_start") unreachable))';
const PRINT_THEN_TRAP = `(module (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32))) (memory (export "memory") 1) (data (i32.const 16) "before\\n")
  (func (export "_start") (i32.store (i32.const 0) (i32.const 16)) (i32.store (i32.const 4) (i32.const 7)) (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))) unreachable))`;
const EXIT_200 = '(module (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32))) (memory (export "memory") 1) (func (export "_start") (call $exit (i32.const 200))))';

describe.each(TRANSPORTS)('the pipeline through the %s transport', (_, transport) => {
  it('runs a .wat file, passing argv and capturing its output', async () => {
    expect(await transport({ module: fixture('echo-args.wat'), args: ['echo-args.wat', 'hi there'], capture: true })).toEqual({ exitCode: 0, stdout: 'hi there', stderr: '' });
  });

  it('passes the guest\'s exit code through, and a start section\'s proc_exit as wasmtime does', async () => {
    expect(await transport({ module: fixture('reactor.wat'), invoke: { name: 'quit', args: ['7'] } })).toEqual({ exitCode: 7 });
    expect(await transport({ module: write('start-exit.wat', START_EXIT) })).toEqual({ exitCode: 3 });
  });

  it('refuses a status above 125 with one line (the run layer\'s policy)', async () => {
    const error = await failure(transport({ module: write('exit200.wat', EXIT_200) }));
    expect(error).toMatchObject({ exitCode: 1, message: "the guest exited with status 200, outside WASI's 0..125" });
  });

  it('invokes an export and returns every result', async () => {
    expect((await transport({ module: fixture('math.wat'), invoke: { name: 'pair', args: [] } })).results).toEqual([-1, 9007199254740993n]);
  });

  it('a trap is one line naming the function, exit 134', async () => {
    const file = write('trap.wat', '(module (memory (export "memory") 1) (func $boom unreachable) (func (export "_start") call $boom))');
    const error = await failure(transport({ module: file }));
    expect(isUserError(error)).toBe(true);
    expect(error).toMatchObject({ exitCode: 134, message: "wasm trap: wasm `unreachable` instruction executed in function 'boom'" });
  });

  it('runs a command that imports nothing from WASI without a memory, as wasmtime does; one that imports WASI needs it', async () => {
    expect(await transport({ module: write('bare.wat', '(module (func (export "_start")))') })).toEqual({ exitCode: 0 });
    const error = await failure(transport({ module: write('exit-no-memory.wat', '(module (import "wasi_snapshot_preview1" "proc_exit" (func (param i32))) (func (export "_start") (call 0 (i32.const 3))))') }));
    expect(error).toMatchObject({ exitCode: 1, message: expect.stringMatching(/exit-no-memory\.wat exports no memory, which WASI needs$/) });
  });

  it('a trap in a captured run keeps what the guest printed before it', async () => {
    const file = write('print-trap.wat', PRINT_THEN_TRAP);
    const error = await failure(transport({ module: file, capture: true }));
    expect(error).toMatchObject({ exitCode: 134, guestOutput: { stdout: 'before\n', stderr: '' } });
  });

  it.each([
    ['a missing file', () => path.join(temp(), 'missing.wasm'), /missing\.wasm: no such file$/],
    ['a directory', () => temp(), /is a directory, not a module$/],
    ['a text file named .wasm', () => write('notes.wasm', 'just some notes\n'), /looks like a text file \(starting "just some notes"\)/],
    ['WAT with a .wasm name', () => write('hello.wasm', '(module)'), /looks like WebAssembly text \(WAT\)/],
    ['a component that is not a command', () => write('c.wasm', new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0])), /is a component without a wasi:cli\/run export/],
    ['a truncated module', () => write('t.wasm', new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 9, 1])), /is not a valid WebAssembly module: .*@\+\d+$/],
    ['a WAT syntax error', () => write('bad.wat', '(module\n  (func oops))'), /bad\.wat:2:9: unexpected token "?oops/],
    ['a module without _start', () => fixture('math.wat'), /has no _start export, so it is not a WASI command/],
    ['unknown imports', () => write('i.wat', '(module (import "env" "f" (func)) (import "wasi_snapshot_preview1" "nope" (func)) (memory (export "memory") 1) (func (export "_start")))'), /imports wasi-kit does not provide: env\.f \(function\), wasi_snapshot_preview1\.nope \(function\)$/],
    ['a WASI function imported with another type', () => write('wide.wat', '(module (import "wasi_snapshot_preview1" "fd_write" (func (param i64 i64 i64 i64) (result i32))) (memory (export "memory") 1) (func (export "_start")))'), /cannot be linked: wasi_snapshot_preview1::fd_write is imported as \(i64, i64, i64, i64\) -> \(i32\), but WASI defines it as \(i32, i32, i32, i32\) -> \(i32\)$/],
    ['a 3 GiB file (not read whole)', () => sparse(3 * 1024 ** 3), /is 3GiB, larger than the 1GiB a WebAssembly module can be$/],
    ['an invoke of a v128 function', () => write('simd.wat', '(module (func (export "v") (result v128) (v128.const i64x2 1 2)))'), /v\(\) -> v128 uses v128, which cannot be passed to or printed from the command line/],
  ])('%s: one user-facing line', async (name, file, message) => {
    const request: RunRequest = { module: file(), ...(name.includes('invoke') ? { invoke: { name: 'v', args: [] } } : {}) };
    const error = await failure(transport(request));
    expect(isUserError(error)).toBe(true);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });

  it('a cap above 4 GiB is no cap: a valid module stays valid', async () => {
    expect(await transport({ module: fixture('echo-args.wat'), args: ['e', 'ok'], capture: true, maxMemory: { bytes: 5 * 1024 ** 3, label: '5GiB' } })).toMatchObject({ exitCode: 0, stdout: 'ok' });
  });

  it('a trace that cannot be written is one line, not a crash', async () => {
    const error = await failure(transport({ module: fixture('echo-args.wat'), args: ['e', 'x'], capture: true, trace: { file: '/dev/full' } }));
    expect(isUserError(error)).toBe(true);
    expect(error.message).toBe('cannot write the trace to /dev/full: ENOSPC');
  });

  it('keeps the preopen order given, integer-like guest paths and "::" in host paths included', async () => {
    const root = temp();
    const odd = path.join(root, 'a::b');
    mkdirSync(odd);
    writeFileSync(path.join(odd, 'notes.txt'), 'x');
    const result = await transport({
      module: fixture('open-file.wat'),
      preopens: [{ guest: '/data', host: odd }, { guest: '1', host: root }, { guest: '0', host: root }],
      trace: { file: path.join(root, 'trace') },
    });
    expect(result.exitCode).toBe(44);
    // The fixture opens notes.txt through fd 3: the first grant given (not "0", first in JS key order).
    expect(readFileSync(path.join(root, 'trace'), 'utf8')).toMatch(/path_open\(fd=3, [^\n]*path="notes.txt"[^\n]*-> ESUCCESS \(opened_fd=6\)/);
  });
});

describe.each(STOPPABLE)('the deadline through the %s transport', (_, transport) => {
  it('stops a guest in an endless loop: exit 124', async () => {
    const error = await failure(transport({ module: write('loop.wat', LOOP), timeout: { ms: 300, label: '300ms' } }));
    expect(error).toMatchObject({ exitCode: 124, message: 'guest ran longer than 300ms; stopped' });
  });

  it('covers instantiation: a start section that never returns', async () => {
    const error = await failure(transport({ module: write('start-loop.wat', START_LOOP), timeout: { ms: 300 } }));
    expect(error).toMatchObject({ exitCode: 124, message: 'guest ran longer than 300ms; stopped' });
  });
  it.each([
    ['a bare number', 300, 'the number 300'],
    ['no ms', {}, 'an object'],
    ['0 ms', { ms: 0 }, '0 ms'],
    ['NaN ms', { ms: Number.NaN }, 'NaN ms'],
    ["more than Node's timers hold", { ms: 2 ** 31 }, '2147483648 ms'],
  ])('refuses a timeout of %s before it starts anything, saying what it expects', async (_, timeout, given) => {
    const error = await failure(transport({ module: write('loop.wat', LOOP), timeout: timeout as never }));
    expect(error).toMatchObject({ name: 'InvalidRequest', message: `timeout: expected { ms } with 0 < ms <= 2147483647, got ${given}`, hint: 'for example { timeout: { ms: 5000 } }' });
  });
});

/** A wasi:cli/run component that never returns. */
const COMPONENT_LOOP = `(component
  (core module $m (func (export "run") (result i32) (loop $l (br $l)) (i32.const 0)))
  (core instance $i (instantiate $m))
  (func $run (result (result)) (canon lift (core func $i "run")))
  (instance $r (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $r)))`;

// A WASI 0.2 component is detected by prepare() and takes the same request through every transport.
describe.each(TRANSPORTS)('a component through the %s transport', (_, transport) => {
  beforeAll(() => buildProbes().then(() => undefined));

  it('gets argv and env, and its output is captured', async () => {
    const file = await componentFile(await probeWasm('args-env'), 'args-env-p2.wasm');
    const result = await transport({ module: file, args: ['args-env.wasm', 'a b'], env: { K: 'v' }, capture: true });
    expect(result.exitCode).toBe(0);
    expect(result.stdout?.split('\n').slice(0, -1)).toEqual(['arg count=2 bytes=18', 'arg args-env.wasm', 'arg a b', 'env count=1 bytes=4', 'env K=v']);
  });

  it('a trap in a captured run keeps what the component printed before it', async () => {
    const file = await componentFile(write('print-trap.wasm', await compileWat('print-trap.wat', PRINT_THEN_TRAP)), 'print-trap-p2.wasm');
    const error = await failure(transport({ module: file, capture: true }));
    expect(error).toMatchObject({ exitCode: 134, guestOutput: { stdout: 'before\n', stderr: '' } });
  });

  it('refuses --invoke and --trace in one line', async () => {
    const file = write('exit.wasm', await componentFromWat(COMPONENT_LOOP));
    expect((await failure(transport({ module: file, invoke: { name: 'run', args: [] } }))).message).toMatch(/is a component: --invoke calls a core module's exports/);
    expect((await failure(transport({ module: file, trace: { file: path.join(temp(), 'trace') } }))).message).toMatch(/is a component: --trace logs WASI preview1 calls/);
  });
});

describe.each(STOPPABLE)('a component under the deadline through the %s transport', (_, transport) => {
  it('stops a component in an endless loop: exit 124', async () => {
    const file = write('loop.wasm', await componentFromWat(COMPONENT_LOOP));
    const error = await failure(transport({ module: file, timeout: { ms: 300, label: '300ms' } }));
    expect(error).toMatchObject({ exitCode: 124, message: 'guest ran longer than 300ms; stopped' });
  });
});

describe('the in-process transport', () => {
  it('refuses a timeout it cannot enforce, and the library run() hands it to a worker', async () => {
    const error = await failure(runtime.runInProcess({ module: write('loop.wat', LOOP), timeout: { ms: 100 } }));
    expect(error.message).toMatch(/^timeout: a guest in this thread cannot be stopped/);
    await expect(runtime.run(write('loop.wat', LOOP), { timeout: { ms: 200 } })).rejects.toMatchObject({ exitCode: 124 });
  });

  it('a module of many exports and no _start gets a hint of one short line', async () => {
    const functions = Array.from({ length: 30 }, (_, i) => `(func (export "f${i}"))`).join(' ');
    const error = await failure(runtime.runInProcess({ module: write('reactor.wat', `(module (memory (export "memory") 1) ${functions})`) }));
    expect(error.hint).toBe('call one of its exports with --invoke NAME [ARGS…]: f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, and 18 more (wasi-kit inspect lists them)');
  });

  it('the remote transports refuse what cannot cross to them, naming the option', async () => {
    const sink = { write() {}, close() {} };
    await expect(runtime.runInWorker({ module: fixture('echo-args.wat'), trace: sink })).rejects.toThrow(/^trace: a trace sink cannot be handed to a worker$/);
    await expect(runtime.runInChild({ module: fixture('echo-args.wat'), stdout: 7 })).rejects.toThrow(/^stdout: fd 7 cannot be handed to a child process$/);
  });
});

describe('a compiled module (one compile, many runs: wasi-kit test)', () => {
  it('runs in this thread and in a worker, each run a fresh instance', async () => {
    const module = await WebAssembly.compile(new Uint8Array(await compileWat('print-trap.wat', PRINT_THEN_TRAP)));
    for (const transport of [runtime.runInProcess, runtime.runInWorker]) {
      for (let i = 0; i < 2; i++) {
        const error = await failure(transport({ module, label: 'compiled', capture: true }));
        expect(error).toMatchObject({ exitCode: 134, guestOutput: { stdout: 'before\n', stderr: '' } });
      }
    }
  });

  it('is refused where it needs its bytes or cannot go: a cap, an invoke, a child process', async () => {
    const module = await WebAssembly.compile(new Uint8Array(await compileWat('loop.wat', LOOP)));
    await expect(runtime.runInProcess({ module, maxMemory: { bytes: 65536 } })).rejects.toThrow(/^maxMemory: a compiled module cannot be capped$/);
    await expect(runtime.runInProcess({ module, invoke: { name: '_start', args: [] } })).rejects.toThrow(/^invoke: a compiled module does not say its exports' parameter types$/);
    await expect(runtime.runInChild({ module })).rejects.toThrow(/^module: a compiled module cannot be handed to a child process$/);
  });
});

describe.each(TRANSPORTS)("the request's options of the wrong shape through the %s transport", (_, transport) => {
  const MAX_MEMORY = 'maxMemory: expected { bytes } with a whole number of bytes above 0';
  const INVOKE = 'invoke: expected { name, args } with a string name and an array of strings';
  it.each([
    ['maxMemory', 65536, `${MAX_MEMORY}, got the number 65536`],
    ['maxMemory', {}, `${MAX_MEMORY}, got an object`],
    ['maxMemory', { bytes: -1 }, `${MAX_MEMORY}, got -1 bytes`],
    ['maxMemory', { bytes: 1.5 }, `${MAX_MEMORY}, got 1.5 bytes`],
    ['invoke', 'add', `${INVOKE}, got "add"`],
    ['invoke', { name: 'add' }, `${INVOKE}, got an object`],
    ['invoke', { name: 'add', args: [1, 2] }, `${INVOKE}, got an object`],
    ['trace', 'trace.log', 'trace: expected true, { file } or a sink with write(line) and close(), got "trace.log"'],
  ])('refuses a %s of %j with one line saying what it expects', async (option, value, message) => {
    const error = await failure(transport({ module: fixture('echo-args.wat'), [option]: value as never }));
    expect(error).toMatchObject({ name: 'InvalidRequest', message });
  });
});

describe('a warm runner (startRunner)', () => {
  it('waits for its one request, runs it, and says when it died while idle', async () => {
    const runner = runtime.startRunner({ stdin: 'ignore' });
    expect(runner.alive).toBe(true);
    expect(await runner.run({ module: fixture('echo-args.wat'), args: ['e', 'warm'], capture: true })).toMatchObject({ exitCode: 0, stdout: 'warm' });
    const idle = runtime.startRunner({ stdin: 'ignore' });
    idle.kill();
    // The kill is seen once the child's exit event arrives: waited for, not assumed within a fixed time.
    while (idle.alive) await new Promise((resolve) => setTimeout(resolve, 10));
    await expect(idle.run({ module: fixture('echo-args.wat') })).rejects.toThrow(/^the guest runner exited .* before its request$/);
  });
});

/** A sparse file of `size` bytes that starts like a wasm module: nothing is allocated on disk. */
function sparse(size: number): string {
  const file = write('huge.wasm', new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  truncateSync(file, size);
  return file;
}

/** Runs a guest with stdout and stderr going to temp files; returns the exit code and the output. */
async function runCaptured(file: string, options: Omit<RunRequest, 'module'> = {}) {
  const dir = temp();
  const stdout = openSync(path.join(dir, 'stdout'), 'w');
  const stderr = openSync(path.join(dir, 'stderr'), 'w');
  try {
    const result = await runtime.runInProcess({ module: file, ...options, stdout, stderr });
    return { ...result, stdout: readFileSync(path.join(dir, 'stdout'), 'utf8'), stderr: readFileSync(path.join(dir, 'stderr'), 'utf8') };
  } finally {
    closeSync(stdout);
    closeSync(stderr);
  }
}

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
