import { mkdir, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runComponent } from '../../src/component/run-component.js';
import { KEPT_ENTRIES } from '../../src/component/transpile-cache.js';
import { GuestTrap, InvalidModule, MemoryCapTooSmall, NotACommand, run, UnknownImports } from '../../src/index.js';
import { componentFromWat, componentOf } from '../helpers/component.js';
import { compileWat } from '../helpers/wat.js';
import { buildProbes, probeWasm } from '../helpers/probes.js';
import { tempDirs } from '../helpers/temp-dirs.js';

// Real components: the Rust probes wrapped by the preview1 adapter (helpers/component.ts), and
// small component-model WAT for what no p1 program can do (exit-with-code, unknown imports).

const tempDir = tempDirs('wasi-kit-component-');

/** A command component whose run calls one wasi:cli/exit function with a constant. */
function exitComponent(call: 'exit' | 'exit-with-code', value: number): string {
  return `(component
  (import "wasi:cli/exit@0.2.0" (instance $exit
    (export "exit" (func (param "status" (result))))
    (export "exit-with-code" (func (param "status-code" u8)))))
  (alias export $exit "${call}" (func $f))
  (core func $lowered (canon lower (func $f)))
  (core module $m
    (import "host" "f" (func $f (param i32)))
    (func (export "run") (result i32) (call $f (i32.const ${value})) (i32.const 0)))
  (core instance $host (export "f" (func $lowered)))
  (core instance $i (instantiate $m (with "host" (instance $host))))
  (func $run (result (result)) (canon lift (core func $i "run")))
  (instance $run-instance (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $run-instance)))`;
}

describe('WASI 0.2 command components run in the sandbox', () => {
  beforeAll(() => buildProbes().then(() => undefined));

  it('a std program built as a component reads, writes and lists its grant exactly as its p1 build does', async () => {
    const [p1Dir, p2Dir] = [await tempDir(), await tempDir()];
    for (const dir of [p1Dir, p2Dir]) await writeFile(path.join(dir, 'in.txt'), 'hello component\n');
    const module = await probeWasm('std-files');
    const p1 = await run(module, { args: ['std-files', '/data'], preopens: { '/data': p1Dir }, capture: true });
    const p2 = await run(await componentOf(module), { args: ['std-files', '/data'], preopens: { '/data': p2Dir }, capture: true });
    expect(p2).toEqual(p1);
    expect(p2.stdout).toBe('in.txt,out.txt\n');
    expect(await readFile(path.join(p2Dir, 'out.txt'), 'utf8')).toBe('HELLO COMPONENT\n');
  });

  it('a read-only grant refuses the write: the guest sees EPERM (not-permitted, as in wasmtime) and nothing is created', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'in.txt'), 'keep');
    const error = await run(await componentOf(await probeWasm('std-files')), {
      args: ['std-files', '/data'],
      preopens: { '/data': { path: dir, readonly: true } },
      stderr: 'capture',
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GuestTrap); // the probe panics on the refused write
    expect(await readdir(dir)).toEqual(['in.txt']);
    expect(await readFile(path.join(dir, 'in.txt'), 'utf8')).toBe('keep');
  });

  it('args, env, stdin, stdout and stderr reach the component as wasi:cli', async () => {
    const argsEnv = await run(await componentOf(await probeWasm('args-env')), { args: ['args-env.wasm', 'a b', '', 'ünï'], env: { K: 'v', EMPTY: '' }, capture: true });
    expect(argsEnv.stdout?.split('\n').slice(0, -1)).toEqual(['arg count=4 bytes=25', 'arg args-env.wasm', 'arg a b', 'arg ', 'arg ünï', 'env count=2 bytes=11', 'env K=v', 'env EMPTY=']);
    const echo = await run(await componentOf(await probeWasm('stdio-echo')), { args: ['stdio-echo'], stdin: 'through stdin', capture: true });
    expect(echo).toEqual({ exitCode: 0, stdout: 'through stdin', stderr: 'to stderr' });
  });

  it("jco's debug switch (JCO_DEBUG) is read once per run, not on each of the component's calls", async () => {
    const component = await componentOf(await probeWasm('args-env'));
    await run(component, { args: ['args-env.wasm'], env: {}, capture: true }); // transpiled and cached outside the count
    const environment = process.env;
    let reads = 0;
    process.env = new Proxy(environment, {
      get: (target, name) => {
        if (name === 'JCO_DEBUG') reads += 1;
        return Reflect.get(target, name);
      },
    });
    try {
      const result = await run(component, { args: ['args-env.wasm', 'a', 'b', 'c'], env: { K: 'v' }, capture: true });
      expect(result.stdout?.split('\n')).toHaveLength(8); // a dozen import calls or more
    } finally {
      process.env = environment;
    }
    expect(reads).toBeLessThanOrEqual(1);
  });

  it('wasi:cli/exit: exit(ok) is 0, exit(err) is 1, exit-with-code(n) is n', async () => {
    for (const [call, value, code] of [['exit', 0, 0], ['exit', 1, 1], ['exit-with-code', 7, 7]] as const) {
      const component = await componentFromWat(exitComponent(call, value));
      expect((await run(component, { capture: true })).exitCode, `${call}(${value})`).toBe(code);
    }
  });

  it('a file write past 2^53 is EFBIG and writes nothing anywhere (issue 11, also for components)', async () => {
    // A preview1 guest wrapped by the adapter: path_open "f" (create), fd_pwrite 2 bytes at 2^53+1,
    // then exit 0 only if that errno is FBIG (the adapter turns any non-zero exit into 1).
    const module = await compileWat('pwrite-past-safe', `(module
      (import "wasi_snapshot_preview1" "path_open" (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "fd_pwrite" (func $pwrite (param i32 i32 i32 i64 i32) (result i32)))
      (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
      (memory (export "memory") 1)
      (data (i32.const 0) "f")
      (data (i32.const 16) "ab")
      (func (export "_start") (local $e i32)
        (local.set $e (call $open (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 1) (i64.const 0x1ff) (i64.const 0x1ff) (i32.const 0) (i32.const 32)))
        (if (local.get $e) (then (call $exit (i32.add (i32.const 100) (local.get $e)))))
        (i32.store (i32.const 40) (i32.const 16))
        (i32.store (i32.const 44) (i32.const 2))
        (call $exit (i32.ne (i32.const 22) (call $pwrite (i32.load (i32.const 32)) (i32.const 40) (i32.const 1) (i64.const 9007199254740993) (i32.const 48)))))
    )`);
    const dir = await tempDir();
    const result = await run(await componentOf(module), { preopens: { '/': dir }, capture: true });
    expect(result.exitCode).toBe(0);
    expect(await readFile(path.join(dir, 'f'), 'utf8')).toBe('');
  });

  it('a trap is a GuestTrap naming the trap, as for a module', async () => {
    // std-files without its argument panics, and a Rust panic on WASI is an `unreachable` trap.
    const error = await run(await componentOf(await probeWasm('std-files')), { args: ['std-files'], stderr: 'capture' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GuestTrap);
    expect((error as Error).message).toMatch(/^wasm trap: wasm `unreachable` instruction executed in function '/);
  });

  it('a component importing an interface the host does not serve is refused with one line naming it', async () => {
    const component = await componentFromWat(`(component
      (import "wasi:http/outgoing-handler@0.2.0" (instance))
      (import "wasi:cli/environment@0.3.0" (instance)))`);
    const error = await run(component).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnknownImports);
    expect((error as Error).message).toBe('the module imports wasi:http/outgoing-handler@0.2.0, wasi:cli/environment@0.3.0, which wasi-kit does not provide');
  });

  it('a component that is not a wasi:cli command, or not a valid component, is refused with one line', async () => {
    const library = await componentFromWat('(component (import "wasi:cli/environment@0.2.0" (instance)))');
    await expect(run(library)).rejects.toThrow(NotACommand);
    const truncated = (await componentOf(await probeWasm('std-files'))).subarray(0, 4000);
    const error = await run(truncated).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidModule);
    expect((error as Error).message).not.toContain('\n');
  });

  it('--invoke and --trace, which address core exports and preview1 calls, refuse a component in one line', async () => {
    const file = path.join(await tempDir(), 'exit.wasm');
    await writeFile(file, await componentFromWat(exitComponent('exit', 0)));
    await expect(run(file, { invoke: { name: 'run', args: [] } })).rejects.toThrow(/is a component: --invoke calls a core module's exports/);
    await expect(run(file, { trace: true })).rejects.toThrow(/is a component: --trace logs WASI preview1 calls/);
    expect((await run(file)).exitCode).toBe(0);
  });

  it('--max-memory caps the core modules inside: below what the component needs at start is refused', async () => {
    const file = path.join(await tempDir(), 'std-files.wasm');
    await writeFile(file, await componentOf(await probeWasm('std-files')));
    const bytes = new Uint8Array(await readFile(file));
    await expect(runComponent(file, bytes, { maxMemory: { bytes: 65536, label: '64KiB' }, stderr: 'capture' })).rejects.toThrow(MemoryCapTooSmall);
    // The pipeline's maxMemory reaches the component host too.
    await expect(run(file, { maxMemory: { bytes: 65536, label: '64KiB' }, stderr: 'capture' })).rejects.toThrow(MemoryCapTooSmall);
  });

  it('the transpiled component is cached by content hash: a second run reuses the entry', async () => {
    const cacheDir = await tempDir();
    const bytes = await componentFromWat(exitComponent('exit-with-code', 3));
    expect((await runComponent('exit.wasm', new Uint8Array(bytes), { cacheDir })).exitCode).toBe(3);
    const [entry] = await readdir(cacheDir);
    const before = await stat(path.join(cacheDir, entry!));
    expect((await runComponent('exit.wasm', new Uint8Array(bytes), { cacheDir })).exitCode).toBe(3);
    // A new transpile would have renamed a fresh folder into place (a new inode).
    expect((await stat(path.join(cacheDir, entry!))).ino).toBe(before.ino);
    expect(await readdir(cacheDir)).toEqual([entry]);
    // A different component is a different entry.
    await runComponent('exit.wasm', new Uint8Array(await componentFromWat(exitComponent('exit-with-code', 4))), { cacheDir });
    expect(await readdir(cacheDir)).toHaveLength(2);
  });

  it('the cache keeps the most recently used entries: the oldest go once it is full, never one used in the last minutes or a staging folder', async () => {
    const cacheDir = await tempDir();
    const name = (i: number) => i.toString(16).padStart(64, '0');
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);
    // KEPT_ENTRIES + 4 entries last used 1 to 40 hours ago (entry 1 the most recent), one used just now.
    for (let i = 1; i <= KEPT_ENTRIES + 4; i++) {
      await mkdir(path.join(cacheDir, name(i)));
      await utimes(path.join(cacheDir, name(i)), hoursAgo(i), hoursAgo(i));
    }
    await mkdir(path.join(cacheDir, name(999)));
    const staging = `${name(1000)}.123.456.tmp`;
    await mkdir(path.join(cacheDir, staging));
    await utimes(path.join(cacheDir, staging), hoursAgo(100), hoursAgo(100));
    // Using an old entry stamps it: a hit on a cached component keeps it.
    const bytes = new Uint8Array(await componentFromWat(exitComponent('exit-with-code', 5)));
    expect((await runComponent('exit.wasm', bytes, { cacheDir })).exitCode).toBe(5);
    const [hit] = (await readdir(cacheDir)).filter((entry) => !/^0{40}/.test(entry) && !entry.endsWith('.tmp'));
    await utimes(path.join(cacheDir, hit!), hoursAgo(50), hoursAgo(50));
    expect((await runComponent('exit.wasm', bytes, { cacheDir })).exitCode).toBe(5);
    // A new component's entry makes the cache too full: the least recently used go.
    expect((await runComponent('exit.wasm', new Uint8Array(await componentFromWat(exitComponent('exit-with-code', 6))), { cacheDir })).exitCode).toBe(6);
    const left = await readdir(cacheDir);
    expect(left.filter((entry) => /^[0-9a-f]{64}$/.test(entry))).toHaveLength(KEPT_ENTRIES);
    expect(left).toContain(hit);
    expect(left).toContain(name(999));
    expect(left).toContain(staging);
    expect(left).toContain(name(1));
    expect(left).toContain(name(KEPT_ENTRIES - 3));
    for (let i = KEPT_ENTRIES - 2; i <= KEPT_ENTRIES + 4; i++) expect(left).not.toContain(name(i));
  });

  it('an over-full cache whose entries were all used in the last minutes keeps them all (a concurrent run may be importing one)', async () => {
    const cacheDir = await tempDir();
    for (let i = 1; i <= KEPT_ENTRIES + 4; i++) await mkdir(path.join(cacheDir, i.toString(16).padStart(64, '0')));
    expect((await runComponent('exit.wasm', new Uint8Array(await componentFromWat(exitComponent('exit-with-code', 7))), { cacheDir })).exitCode).toBe(7);
    expect(await readdir(cacheDir)).toHaveLength(KEPT_ENTRIES + 5);
  });
});
