import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withoutDebugSections } from '../../src/tools/debug-sections.js';
import { loadModule } from '../../src/tools/module-source.js';
import { readModule } from '../../src/tools/module-reader.js';

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
/** A custom section; its size as a LEB128, so payloads can be larger than a file read's window. */
const custom = (name: string, payload: number[]) => {
  const body = [name.length, ...Buffer.from(name), ...payload];
  return [0x00, ...leb(body.length), ...body];
};
const leb = (value: number): number[] => (value < 0x80 ? [value] : [(value & 0x7f) | 0x80, ...leb(value >>> 7)]);
// A type section with one `() -> ()` type, then custom sections around it.
const TYPE = [0x01, 0x04, 0x01, 0x60, 0x00, 0x00];

describe('withoutDebugSections', () => {
  it('drops .debug_* custom sections and keeps every other section byte for byte', () => {
    const bytes = new Uint8Array([...HEADER, ...custom('.debug_info', [1, 2, 3]), ...TYPE, ...custom('name', [0]), ...custom('.debug_line', [9])]);
    const stripped = withoutDebugSections(bytes);
    expect([...stripped]).toEqual([...HEADER, ...TYPE, ...custom('name', [0])]);
    const info = readModule(stripped);
    expect(info.format === 'core' && info.customSections.map((section) => section.name)).toEqual(['name']);
    expect(WebAssembly.validate(stripped)).toBe(true);
  });

  it('returns bytes it cannot walk unchanged, for V8 to explain', () => {
    const truncated = new Uint8Array([...HEADER, 0x01, 0x09, 0x01]);
    expect(withoutDebugSections(truncated)).toBe(truncated);
    const plain = new Uint8Array([...HEADER, ...TYPE]);
    expect(withoutDebugSections(plain)).toBe(plain);
  });
});

describe('loadModule({ withoutDebugSections }) from a file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wasi-kit-debug-sections-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, bytes: number[]) => {
    const file = path.join(dir, name);
    writeFileSync(file, new Uint8Array(bytes));
    return file;
  };
  // Sections larger than the 4 KiB windows the header walk reads, on either side of kept ones.
  const big = (fill: number) => new Array<number>(9000).fill(fill);

  it('reads only the kept sections, and returns what stripping the whole file returns', async () => {
    const bytes = [...HEADER, ...custom('.debug_info', big(1)), ...TYPE, ...custom('.debug_line', big(2)), ...custom('name', big(3)), ...custom('.debug_str', [4])];
    const { bytes: loaded } = await loadModule(write('debug.wasm', bytes), { withoutDebugSections: true });
    expect(Buffer.from(loaded).equals(Buffer.from(withoutDebugSections(new Uint8Array(bytes))))).toBe(true);
    expect([...loaded]).toEqual([...HEADER, ...TYPE, ...custom('name', big(3))]);
  });

  it('keeps a file whose sections do not parse whole, and the DWARF when not asked to drop it', async () => {
    const truncated = [...HEADER, ...custom('.debug_info', big(1)), 0x01, 0x09, 0x01];
    expect([...(await loadModule(write('truncated.wasm', truncated), { withoutDebugSections: true })).bytes]).toEqual(truncated);
    const debug = [...HEADER, ...TYPE, ...custom('.debug_info', big(1))];
    expect([...(await loadModule(write('kept.wasm', debug))).bytes]).toEqual(debug);
  });
});
