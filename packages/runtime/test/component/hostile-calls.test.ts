import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clockAndRandomInterfaces } from '../../src/component/wasi/clocks-random.js';
import { Descriptor, OpenFds, openPreopens } from '../../src/component/wasi/filesystem.js';
import { InterfaceTrap } from '../../src/component/wasi/interface-trap.js';
import { InputStream, OutputStream, poll } from '../../src/component/wasi/io.js';
import { GuestTrap, run } from '../../src/index.js';
import { componentFromWat, errorCodeOf } from '../helpers/component.js';

// What a hostile component can hand the host: any u64 as a length, size or time, any i32 as a
// list pointer or variant case. Each is answered as wasmtime and the canonical ABI answer it (an
// error-code, a clamp or a trap), never a host exception (exit 70) or a host-sized allocation.

const U64_MAX = (1n << 64n) - 1n;

/** A bump allocator and its memory, for lowered calls that return lists. */
const MEMORY = `(core module $mem (memory (export "memory") 1)
    (global $next (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
      (local.set $p (global.get $next)) (global.set $next (i32.add (global.get $next) (local.get 3))) (local.get $p)))
  (core instance $mi (instantiate $mem))
  (alias core export $mi "memory" (core memory $memory))
  (alias core export $mi "realloc" (core func $realloc))`;

const RUN_EXPORT = `(func $run (result (result)) (canon lift (core func $i "run")))
  (instance $run-instance (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $run-instance)))`;

/** A command whose `user_code` calls get-random-bytes(len). */
function randomBytesComponent(len: bigint): string {
  return `(component
  (import "wasi:random/random@0.2.0" (instance $r (export "get-random-bytes" (func (param "len" u64) (result (list u8))))))
  ${MEMORY}
  (alias export $r "get-random-bytes" (func $f))
  (core func $lowered (canon lower (func $f) (memory $memory) (realloc $realloc)))
  (core module $m (import "host" "f" (func $f (param i64 i32)))
    (func $user_code (call $f (i64.const ${BigInt.asIntN(64, len)}) (i32.const 16)))
    (func (export "run") (result i32) (call $user_code) (i32.const 0)))
  (core instance $host (export "f" (func $lowered)))
  (core instance $i (instantiate $m (with "host" (instance $host))))
  ${RUN_EXPORT}`;
}

/** A command whose `user_code` takes stdout and calls one output-stream method on it, as `body` says. */
function stdoutComponent(method: string, params: string, coreParams: string, body: string): string {
  return `(component
  (import "wasi:io/error@0.2.0" (instance $error-inst (export "error" (type (sub resource)))))
  (alias export $error-inst "error" (type $error))
  (import "wasi:io/streams@0.2.0" (instance $streams
    (alias outer 1 $error (type $err))
    (export "error" (type $err-e (eq $err)))
    (export "output-stream" (type $os (sub resource)))
    (type $se (variant (case "last-operation-failed" (own $err-e)) (case "closed")))
    (export "stream-error" (type $se-e (eq $se)))
    (export "${method}" (func (param "self" (borrow $os)) ${params} (result (result (error $se-e)))))))
  (alias export $streams "output-stream" (type $output-stream))
  (import "wasi:cli/stdout@0.2.0" (instance $stdout
    (alias outer 1 $output-stream (type $os))
    (export "output-stream" (type $os-e (eq $os)))
    (export "get-stdout" (func (result (own $os-e))))))
  ${MEMORY}
  (alias export $stdout "get-stdout" (func $get-stdout))
  (alias export $streams "${method}" (func $method))
  (core func $get (canon lower (func $get-stdout)))
  (core func $call (canon lower (func $method) (memory $memory) (realloc $realloc)))
  (core module $m
    (import "host" "get-stdout" (func $get (result i32)))
    (import "host" "call" (func $call (param ${coreParams})))
    (func $user_code (local $s i32) (local.set $s (call $get)) ${body})
    (func (export "run") (result i32) (call $user_code) (i32.const 0)))
  (core instance $host (export "get-stdout" (func $get)) (export "call" (func $call)))
  (core instance $i (instantiate $m (with "host" (instance $host))))
  ${RUN_EXPORT}`;
}

const writeZeroes = (len: bigint) =>
  stdoutComponent('[method]output-stream.write-zeroes', '(param "len" u64)', 'i32 i64 i32', `(call $call (local.get $s) (i64.const ${BigInt.asIntN(64, len)}) (i32.const 64))`);
const writeZeroesThrough = (handle: number) =>
  stdoutComponent('[method]output-stream.write-zeroes', '(param "len" u64)', 'i32 i64 i32', `(drop (local.get $s)) (call $call (i32.const ${handle}) (i64.const 1) (i32.const 64))`);
const write = (ptr: number, len: number) =>
  stdoutComponent('[method]output-stream.write', '(param "contents" (list u8))', 'i32 i32 i32 i32', `(call $call (local.get $s) (i32.const ${ptr}) (i32.const ${len}) (i32.const 64))`);

/** A command whose `user_code` takes stdin, subscribes to it and drops both, stream first or pollable first. */
function stdinPollableComponent(dropStreamFirst: boolean): string {
  const drops = ['(call $drop-stream (local.get $s))', '(call $drop-pollable (local.get $p))'];
  return `(component
  (import "wasi:io/poll@0.2.0" (instance $poll (export "pollable" (type (sub resource)))))
  (alias export $poll "pollable" (type $pollable))
  (import "wasi:io/error@0.2.0" (instance $error-inst (export "error" (type (sub resource)))))
  (import "wasi:io/streams@0.2.0" (instance $streams
    (alias outer 1 $pollable (type $p))
    (export "pollable" (type $p-e (eq $p)))
    (export "input-stream" (type $is (sub resource)))
    (export "[method]input-stream.subscribe" (func (param "self" (borrow $is)) (result (own $p-e))))))
  (alias export $streams "input-stream" (type $input-stream))
  (import "wasi:cli/stdin@0.2.0" (instance $stdin
    (alias outer 1 $input-stream (type $is))
    (export "input-stream" (type $is-e (eq $is)))
    (export "get-stdin" (func (result (own $is-e))))))
  (alias export $stdin "get-stdin" (func $get-stdin))
  (alias export $streams "[method]input-stream.subscribe" (func $subscribe))
  (core func $get (canon lower (func $get-stdin)))
  (core func $sub (canon lower (func $subscribe)))
  (core func $drop-stream (canon resource.drop $input-stream))
  (core func $drop-pollable (canon resource.drop $pollable))
  (core module $m
    (import "host" "get" (func $get (result i32)))
    (import "host" "sub" (func $sub (param i32) (result i32)))
    (import "host" "drop-stream" (func $drop-stream (param i32)))
    (import "host" "drop-pollable" (func $drop-pollable (param i32)))
    (func $user_code (local $s i32) (local $p i32)
      (local.set $s (call $get))
      (local.set $p (call $sub (local.get $s)))
      ${(dropStreamFirst ? drops : drops.reverse()).join(' ')})
    (func (export "run") (result i32) (call $user_code) (i32.const 0)))
  (core instance $host (export "get" (func $get)) (export "sub" (func $sub)) (export "drop-stream" (func $drop-stream)) (export "drop-pollable" (func $drop-pollable)))
  (core instance $i (instantiate $m (with "host" (instance $host))))
  ${RUN_EXPORT}`;
}

const NETWORK_ERRORS = 'unknown access-denied not-supported invalid-argument out-of-memory timeout concurrency-conflict not-in-progress would-block invalid-state new-socket-limit address-not-bindable address-in-use remote-unreachable connection-refused connection-reset connection-aborted datagram-too-large name-unresolvable temporary-resolver-failure permanent-resolver-failure';

/** A command that looks up the host name stored at 0 (`bytes`, as data) through wasi:sockets' ip-name-lookup. */
function nameLookup(bytes: string): string {
  return `(component
  (import "wasi:sockets/network@0.2.0" (instance $net
    (export "network" (type (sub resource)))
    (type $codes (enum ${NETWORK_ERRORS.split(' ').map((name) => `"${name}"`).join(' ')}))
    (export "error-code" (type (eq $codes)))))
  (alias export $net "network" (type $network))
  (alias export $net "error-code" (type $error-code))
  (import "wasi:sockets/instance-network@0.2.0" (instance $inst
    (alias outer 1 $network (type $n))
    (export "network" (type $n-e (eq $n)))
    (export "instance-network" (func (result (own $n-e))))))
  (import "wasi:sockets/ip-name-lookup@0.2.0" (instance $lookup
    (alias outer 1 $network (type $n))
    (alias outer 1 $error-code (type $e))
    (export "network" (type $n-e (eq $n)))
    (export "error-code" (type $e-e (eq $e)))
    (export "resolve-address-stream" (type $ras (sub resource)))
    (export "resolve-addresses" (func (param "network" (borrow $n-e)) (param "name" string) (result (result (own $ras) (error $e-e)))))))
  ${MEMORY}
  (alias export $inst "instance-network" (func $instance-network))
  (alias export $lookup "resolve-addresses" (func $resolve))
  (core func $get (canon lower (func $instance-network)))
  (core func $call (canon lower (func $resolve) (memory $memory) (realloc $realloc)))
  (core module $m
    (import "host" "mem" (memory 1))
    (import "host" "get" (func $get (result i32)))
    (import "host" "call" (func $call (param i32 i32 i32 i32)))
    (data (i32.const 0) "${bytes}")
    (func $user_code (call $call (call $get) (i32.const 0) (i32.const ${bytes.replace(/\\[0-9a-f]{2}/g, '.').length}) (i32.const 64)))
    (func (export "run") (result i32) (call $user_code) (i32.const 0)))
  (core instance $host (export "mem" (memory $memory)) (export "get" (func $get)) (export "call" (func $call)))
  (core instance $i (instantiate $m (with "host" (instance $host))))
  ${RUN_EXPORT}`;
}

/** A command that calls wasi:cli/exit with a `result` discriminant of `status`. */
function exitWithDiscriminant(status: number): string {
  return `(component
  (import "wasi:cli/exit@0.2.0" (instance $exit (export "exit" (func (param "status" (result))))))
  (alias export $exit "exit" (func $f))
  (core func $lowered (canon lower (func $f)))
  (core module $m (import "host" "f" (func $f (param i32)))
    (func $user_code (call $f (i32.const ${status})))
    (func (export "run") (result i32) (call $user_code) (i32.const 0)))
  (core instance $host (export "f" (func $lowered)))
  (core instance $i (instantiate $m (with "host" (instance $host))))
  ${RUN_EXPORT}`;
}

/** Runs a WAT component with captured stdio: its result, or the GuestTrap it rejected with. */
async function runWat(wat: string): Promise<{ exitCode: number; stdout?: unknown } | GuestTrap> {
  return run(await componentFromWat(wat), { capture: true }).catch((error: unknown) => {
    if (error instanceof GuestTrap) return error;
    throw error;
  });
}

describe('a hostile component gets traps and error-codes, never a host failure', () => {
  it('get-random-bytes past 64 MiB (u64 max included) traps in one line naming the caller; within it, bytes', async () => {
    for (const len of [U64_MAX, 1n << 40n, 64n * 1024n * 1024n + 1n]) {
      const outcome = await runWat(randomBytesComponent(len));
      expect(outcome, String(len)).toBeInstanceOf(GuestTrap);
      expect((outcome as GuestTrap).exitCode).toBe(134);
      expect((outcome as GuestTrap).message).toBe(`wasm trap: wasi:random asked for ${len} random bytes, more than the 67108864 one call may have in function 'user_code'`);
    }
    expect(await runWat(randomBytesComponent(100n))).toMatchObject({ exitCode: 0 });
  });

  it('dropping a stream while its pollable lives traps, as wasmtime ("resource has children"); pollable first, it exits 0', async () => {
    const trap = await runWat(stdinPollableComponent(true));
    expect(trap).toBeInstanceOf(GuestTrap);
    expect((trap as GuestTrap).message).toBe('wasm trap: wasi:io/streams: a stream dropped while its pollable lives (resource has children) in function \'user_code\'');
    expect(await runWat(stdinPollableComponent(false))).toMatchObject({ exitCode: 0 });
  });

  it('with backtrace asked for, a component trap carries wasmtime\'s wasm backtrace, as a module trap does', async () => {
    const trap = await run(await componentFromWat(randomBytesComponent(U64_MAX)), { capture: true, backtrace: true }).catch((error: unknown) => error);
    expect(trap).toBeInstanceOf(GuestTrap);
    expect((trap as GuestTrap).details).toMatch(/^error while executing at wasm backtrace:\n +0: +0x[0-9a-f]+ - m!user_code\n/);
    const quiet = await run(await componentFromWat(randomBytesComponent(U64_MAX)), { capture: true }).catch((error: unknown) => error);
    expect((quiet as GuestTrap).details).toBeUndefined();
  });

  it('write-zeroes past check-write traps before anything is allocated; within it, zeroes reach stdout', async () => {
    const trap = await runWat(writeZeroes(U64_MAX));
    expect(trap).toBeInstanceOf(GuestTrap);
    expect((trap as GuestTrap).message).toBe(`wasm trap: wasi:io/streams write-zeroes of ${U64_MAX} bytes is more than check-write allows (1048576) in function 'user_code'`);
    expect(await runWat(writeZeroes(3n))).toEqual({ exitCode: 0, stdout: '\0\0\0', stderr: '' });
  });

  it('a list outside the guest memory, or at a pointer past 2^31, traps instead of handing the host other bytes', async () => {
    for (const [ptr, len] of [[65530, 100], [-16, 8], [0, -1]] as const) {
      const trap = await runWat(write(ptr, len));
      expect(trap, `${ptr}+${len}`).toBeInstanceOf(GuestTrap);
      expect((trap as GuestTrap).message).toMatch(/^wasm trap: list of \d+ elements at \d+ lies outside the component's memory \(65536 bytes\) in function 'user_code'$/);
    }
    expect(await runWat(write(65531, 5))).toEqual({ exitCode: 0, stdout: '\0\0\0\0\0', stderr: '' });
  });

  it('a handle the component does not hold traps', async () => {
    for (const handle of [2, 99, -1, 0]) {
      const trap = await runWat(writeZeroesThrough(handle));
      expect(trap, String(handle)).toBeInstanceOf(GuestTrap);
      expect((trap as GuestTrap).message, String(handle)).toMatch(/^wasm trap: unknown handle index -?\d+ in function 'user_code'$/);
    }
  });

  it('a string that is not UTF-8 traps instead of reaching the host with U+FFFD in it', async () => {
    const trap = await runWat(nameLookup('host\\ff\\fe.example'));
    expect(trap).toBeInstanceOf(GuestTrap);
    expect((trap as GuestTrap).message).toMatch(/^wasm trap: .*utf-8.* in function 'user_code'$/i);
    expect(await runWat(nameLookup('host.example'))).toMatchObject({ exitCode: 0 });
  });

  it('a variant case the type does not have traps (the canonical ABI), not a host error', async () => {
    const trap = await runWat(exitWithDiscriminant(7));
    expect(trap).toBeInstanceOf(GuestTrap);
    expect((trap as GuestTrap).message).toBe("wasm trap: invalid variant discriminant for expected in function 'user_code'");
    expect(await runWat(exitWithDiscriminant(1))).toMatchObject({ exitCode: 1 });
  });
});

describe('wasi:io streams and poll keep the spec\'s limits', () => {
  function sink() {
    const written: Uint8Array[] = [];
    return { written, stream: new OutputStream({ write: (bytes) => void written.push(bytes.slice()) }) };
  }

  it('writes past check-write, and blocking writes past 4096 bytes, trap and write nothing', () => {
    const { written, stream } = sink();
    const budget = Number(stream.checkWrite());
    expect(() => stream.write(new Uint8Array(budget + 1))).toThrow(InterfaceTrap);
    expect(() => stream.blockingWriteAndFlush(new Uint8Array(4097))).toThrow(InterfaceTrap);
    expect(() => stream.writeZeroes(BigInt(budget) + 1n)).toThrow(InterfaceTrap);
    expect(() => stream.writeZeroes(U64_MAX)).toThrow(InterfaceTrap);
    expect(() => stream.blockingWriteZeroesAndFlush(4097n)).toThrow(InterfaceTrap);
    expect(() => stream.blockingWriteZeroesAndFlush(U64_MAX)).toThrow(InterfaceTrap);
    expect(written).toEqual([]);
    stream.write(new Uint8Array(budget));
    stream.blockingWriteAndFlush(new Uint8Array(4096));
    stream.blockingWriteZeroesAndFlush(4096n);
    expect(written.map((bytes) => bytes.length)).toEqual([budget, 4096, 4096]);
  });

  it('a read or splice of u64-max bytes is clamped to one read, and poll of nothing traps', () => {
    const source = () => new InputStream({ read: (max) => new Uint8Array(max) });
    expect(source().read(U64_MAX).length).toBe(64 * 1024);
    expect(source().skip(U64_MAX)).toBe(64n * 1024n);
    const { written, stream } = sink();
    expect(stream.splice(source(), U64_MAX)).toBe(64n * 1024n);
    expect(written.map((bytes) => bytes.length)).toEqual([64 * 1024]);
    expect(() => poll([])).toThrow(InterfaceTrap);
  });

  it('wasi:random hands out at most 64 MiB a call', () => {
    const random = clockAndRandomInterfaces()['wasi:random/random'];
    expect(random.getRandomBytes(16n)).toHaveLength(16);
    expect(() => random.getRandomBytes(U64_MAX)).toThrow(InterfaceTrap);
    expect(() => clockAndRandomInterfaces()['wasi:random/insecure'].getInsecureRandomBytes(64n * 1024n * 1024n + 1n)).toThrow(InterfaceTrap);
  });
});

describe('wasi:filesystem takes u64 sizes, offsets and times as the kernel would', () => {
  let base: string;
  let open: OpenFds;
  let file: Descriptor;


  beforeEach(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'wasi-kit-p2-numbers-'));
    await writeFile(path.join(base, 'f.txt'), 'content');
    open = new OpenFds();
    const dir = openPreopens([{ guestPath: '/sb', hostPath: base, readonly: false }], open)[0]!.descriptor;
    file = dir.openAt({}, 'f.txt', {}, { read: true, write: true });
  });
  afterEach(async () => {
    open.closeAll();
    await rm(base, { recursive: true, force: true });
  });

  it('set-size past off_t is invalid, past what the host addresses file-too-large, and the file is untouched', async () => {
    expect(errorCodeOf(() => file.setSize(U64_MAX))).toBe('invalid');
    expect(errorCodeOf(() => file.setSize(1n << 63n))).toBe('invalid');
    expect(errorCodeOf(() => file.setSize((1n << 63n) - 1n))).toBe('file-too-large');
    expect(await readFile(path.join(base, 'f.txt'), 'utf8')).toBe('content');
    expect(errorCodeOf(() => file.setSize(3n))).toBe('ok');
    expect(await readFile(path.join(base, 'f.txt'), 'utf8')).toBe('con');
  });

  it('read of u64-max bytes reads what is there; at an offset past off_t it is invalid', () => {
    expect(file.read(U64_MAX, 0n)).toEqual([new TextEncoder().encode('content'), false]);
    expect(errorCodeOf(() => file.read(1n, U64_MAX))).toBe('invalid');
  });

  it('a time past what the host can set is overflow (nothing set); advise past off_t is invalid', async () => {
    const before = (await stat(path.join(base, 'f.txt'))).mtimeMs;
    const far = { tag: 'timestamp', val: { seconds: U64_MAX, nanoseconds: 999_999_999 } } as const;
    expect(errorCodeOf(() => file.setTimes({ tag: 'no-change' }, far))).toBe('overflow');
    expect(errorCodeOf(() => file.setTimes(far, { tag: 'no-change' }))).toBe('overflow');
    expect((await stat(path.join(base, 'f.txt'))).mtimeMs).toBe(before);
    expect(errorCodeOf(() => file.setTimes({ tag: 'no-change' }, { tag: 'timestamp', val: { seconds: 1_000_000n, nanoseconds: 2_000_000_000 } }))).toBe('ok');
    expect((await stat(path.join(base, 'f.txt'))).mtimeMs).toBe(1_000_002_000);
    expect(errorCodeOf(() => file.advise(0n, U64_MAX, 'normal'))).toBe('invalid');
    expect(errorCodeOf(() => file.advise(0n, 100n, 'sequential'))).toBe('ok');
  });
});
