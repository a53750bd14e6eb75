import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { WASI } from '../../src/index.js';
import { instantiate, wat, writer } from './wat.js';

describe('WASI (node:wasi shape)', () => {
  it('getImportObject serves both namespaces unless a version is chosen', () => {
    expect(Object.keys(new WASI().getImportObject()).sort()).toEqual(['wasi_snapshot_preview1', 'wasi_unstable']);
    expect(Object.keys(new WASI({ version: 'preview1' }).getImportObject())).toEqual(['wasi_snapshot_preview1']);
    const unstable = new WASI({ version: 'unstable' });
    expect(Object.keys(unstable.getImportObject())).toEqual(['wasi_unstable']);
    expect(unstable.wasiImport).toBe(unstable.getImportObject().wasi_unstable);
  });

  it('start() runs _start, returns the exit code and captures output; a second start() is refused', async () => {
    const wasi = new WASI({ version: 'preview1', stdout: 'capture', stderr: 'capture' });
    const instance = instantiate(await wat(writer('out', { code: 4 })), wasi);
    expect(wasi.start(instance)).toBe(4);
    expect(wasi.captured()).toEqual({ stdout: 'out', stderr: '' });
    expect(() => wasi.start(instance)).toThrow(/already started/);
  });

  it('start() returns 0 when _start returns', async () => {
    const wasi = new WASI({ stdout: 'capture' });
    const instance = instantiate(await wat(writer('x')), wasi);
    expect(wasi.start(instance)).toBe(0);
  });

  it('initialize() binds memory and runs _initialize for reactors, and refuses commands', async () => {
    const reactor = await wat(`(module (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
      (memory (export "memory") 1) (global $ready (export "ready") (mut i32) (i32.const 0))
      (func (export "_initialize") (global.set $ready (i32.const 1))))`);
    const wasi = new WASI({ version: 'preview1' });
    const instance = instantiate(reactor, wasi);
    wasi.initialize(instance);
    expect((instance.exports.ready as WebAssembly.Global).value).toBe(1);
    const command = new WASI({ version: 'preview1' });
    const commandInstance = instantiate(await wat(writer('')), command);
    expect(() => command.initialize(commandInstance)).toThrow(/^The "instance\.exports\._start" property must be undefined\. Received function /);
  });

  it('validates options with messages that name the option', () => {
    expect(() => new WASI({ version: 'preview2' as 'preview1' })).toThrow(/^options\.version: /);
    expect(() => new WASI({ env: { A: Symbol('a') as unknown as string } })).toThrow('options.env.A: must be a string');
    expect(() => new WASI({ preopens: { '/x': { path: '/tmp', readonly: 'yes' as unknown as boolean } } })).toThrow("options.preopens['/x'].readonly: must be a boolean");
    expect(() => new WASI({ stdin: -1 })).toThrow('options.stdin: -1 is not a file descriptor');
    expect(() => new WASI({ returnOnExit: 'no' as unknown as boolean })).toThrow(/^options\.returnOnExit/);
  });

  // node:wasi's tests (test-wasi-options-validation.js, test-wasi-start-validation.js) check these codes.
  it('gives a mistake node:wasi refuses the code node:wasi gives it', async () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return (error as { code?: string }).code;
      }
      return 'no error';
    };
    expect(code(() => new WASI({ version: 'not_a_version' as 'preview1' }))).toBe('ERR_INVALID_ARG_VALUE');
    expect(code(() => new WASI({ version: { x: 'y' } as unknown as 'preview1' }))).toBe('ERR_INVALID_ARG_TYPE');
    for (const [option, value] of [['args', 5], ['env', 5], ['preopens', 5], ['returnOnExit', 'yes'], ['stdout', 'x'], ['stderr', {}]] as const) {
      expect(code(() => new WASI({ version: 'preview1', [option]: value })), option).toBe('ERR_INVALID_ARG_TYPE');
    }
    for (const value of [null, 'foo', 0, true, () => {}]) expect(code(() => new WASI(value as never))).toBe('ERR_INVALID_ARG_TYPE');
    const wasi = new WASI({ version: 'preview1', stdout: 'capture' });
    for (const instance of [undefined, null, {}, { exports: null }]) expect(code(() => wasi.start(instance as never))).toBe('ERR_INVALID_ARG_TYPE');
    const noStart = instantiate(await wat('(module (memory (export "memory") 1))'), wasi);
    expect(code(() => wasi.start(noStart))).toBe('ERR_INVALID_ARG_TYPE');
    const command = instantiate(await wat(writer('x')), wasi);
    expect(wasi.start(command)).toBe(0);
    expect(code(() => wasi.start(command))).toBe('ERR_WASI_ALREADY_STARTED');
  });

  it('words what start() refuses as node:wasi does, memory first, and takes a memory from another realm', async () => {
    const wasi = new WASI({ version: 'preview1', stdout: 'capture' });
    const bare = instantiate(await wat('(module)'), wasi);
    expect(() => wasi.start(bare)).toThrow('The "instance.exports.memory" property must be a WebAssembly.Memory object. Received undefined');
    expect(() => wasi.start(undefined as never)).toThrow('The "instance" argument must be of type object. Received undefined');
    const reactor = instantiate(await wat('(module (memory (export "memory") 1) (func (export "_start")) (func (export "_initialize")))'), wasi);
    expect(() => wasi.start(reactor)).toThrow(/^The "instance\.exports\._initialize" property must be undefined\. Received function \d+$/);
    // Refused calls leave it unstarted: a good module still starts.
    const command = instantiate(await wat(writer('ok')), wasi);
    const foreign = vm.runInNewContext('new WebAssembly.Memory({ initial: 1 })') as WebAssembly.Memory;
    expect(foreign instanceof WebAssembly.Memory).toBe(false);
    expect(wasi.start({ exports: { ...command.exports, memory: foreign } } as unknown as WebAssembly.Instance)).toBe(0);
    expect(wasi.captured().stdout).toBe('');
  });
});
