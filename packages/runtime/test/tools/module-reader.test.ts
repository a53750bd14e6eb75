import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatFuncType, readModule, readPreamble, type CoreModuleInfo } from '../../src/tools/module-reader.js';
import { compileWat } from '../../src/tools/wat.js';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);

async function read(name: string): Promise<CoreModuleInfo> {
  const info = readModule(await compileWat(name, readFileSync(fixture(name), 'utf8')));
  if (info.format !== 'core') throw new Error('expected a core module');
  return info;
}

describe('readModule', () => {
  it('reads every export with its kind and function signature', async () => {
    const info = await read('math.wat');
    expect(info.exports.map((entry) => `${entry.kind} ${entry.name}${entry.type ? formatFuncType(entry.type) : ''}`)).toEqual([
      'func add(i32, i32) -> i32',
      'func add64(i64, i64) -> i64',
      'func scale(f64, f32) -> f64',
      'func pair() -> (i32, i64)',
      'func nothing() -> ()',
      'global counter',
    ]);
  });

  it('reads imports with their types and counts imported functions into the index space', async () => {
    const info = await read('reactor.wat');
    expect(info.imports.map((entry) => `${entry.module}.${entry.name} ${formatFuncType(entry.type!)}`)).toEqual([
      'wasi_snapshot_preview1.fd_write (i32, i32, i32, i32) -> i32',
      'wasi_snapshot_preview1.proc_exit (i32) -> ()',
    ]);
    // greet is function 3 (after two imports and _initialize): its type must come from the function section.
    expect(info.exports.find((entry) => entry.name === 'greet')).toMatchObject({ index: 3, type: { params: [], results: ['i32'] } });
  });

  it('keeps a name as its bytes say, a leading U+FEFF included, and refuses a name that is not UTF-8', async () => {
    const info = readModule(await compileWat('bom.wat', '(module (func (export "\\ef\\bb\\bfrun")))'));
    expect(info.format === 'core' && info.exports.map((entry) => entry.name)).toEqual(['\uFEFFrun']);
    // "Zrun" with Z made 0xE9 (Latin-1's é, not UTF-8): wat itself cannot spell it.
    const bytes = await compileWat('latin1.wat', '(module (func (export "Zrun")))');
    bytes[Buffer.from(bytes).indexOf('Zrun')] = 0xe9;
    expect(() => readModule(bytes)).toThrow(TypeError);
  });

  it('reads memory limits and custom sections', async () => {
    const bytes = await compileWat('mem.wat', '(module (memory 2 10))');
    // Append a custom section by hand: id 0, size 11, name "notes", 5 payload bytes.
    const withCustom = new Uint8Array([...bytes, 0, 11, 5, ...new TextEncoder().encode('notes'), 1, 2, 3, 4, 5]);
    const info = readModule(withCustom);
    expect(info.format).toBe('core');
    if (info.format !== 'core') return;
    expect(info.memories).toEqual([{ min: 2, max: 10, shared: false, memory64: false }]);
    expect(info.customSections.at(-1)).toEqual({ name: 'notes', size: 11 });
    expect(info.customSections.map((section) => section.name)).toContain('name'); // wabt writes names for traps
  });

  it('tells a component-model binary by its preamble layer', () => {
    const component = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]);
    expect(readPreamble(component)).toEqual({ format: 'component', version: 0x0d, layer: 1 });
    expect(readModule(component)).toEqual({ format: 'component', version: 0x0d, layer: 1 });
  });

  it('returns no preamble for bytes that are not wasm', () => {
    expect(readPreamble(new TextEncoder().encode('(module)'))).toBeUndefined();
    expect(readPreamble(new Uint8Array([0x00, 0x61, 0x73]))).toBeUndefined();
  });
});
