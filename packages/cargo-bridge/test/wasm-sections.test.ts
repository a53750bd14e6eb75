import { describe, expect, it } from 'vitest';
import { readSections, stripCustomSections, usedFeatures } from '../src/wasm-sections.js';

const PREAMBLE = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const name = (text: string) => [text.length, ...new TextEncoder().encode(text)];
const custom = (label: string, payload: number[]) => [0, name(label).length + payload.length, ...name(label), ...payload];
// A type section with one `() -> ()` type.
const TYPE = [1, 4, 1, 0x60, 0, 0];
// target_features: 2 entries, +mutable-globals and -simd128.
const FEATURES = custom('target_features', [2, 0x2b, ...name('mutable-globals'), 0x2d, ...name('simd128')]);

const module = new Uint8Array([...PREAMBLE, ...custom('producers', [0]), ...TYPE, ...custom('name', [1, 2, 3]), ...FEATURES]);

describe('wasm sections', () => {
  it('reads ids, custom names and payloads', () => {
    expect(readSections(module).map((s) => [s.id, s.name])).toEqual([
      [0, 'producers'],
      [1, undefined],
      [0, 'name'],
      [0, 'target_features'],
    ]);
    expect([...readSections(module)[2]!.payload]).toEqual([1, 2, 3]);
  });

  it('strips every custom section and keeps the others byte for byte', () => {
    expect([...stripCustomSections(module)]).toEqual([...PREAMBLE, ...TYPE]);
    expect(WebAssembly.validate(stripCustomSections(module))).toBe(true);
  });

  it('keeps the custom sections asked for', () => {
    expect(readSections(stripCustomSections(module, ['target_features'])).map((s) => s.name)).toEqual([undefined, 'target_features']);
  });

  it('reads the used (+) features of target_features, and none when the section is absent', () => {
    expect(usedFeatures(module)).toEqual(['mutable-globals']);
    expect(usedFeatures(new Uint8Array([...PREAMBLE, ...TYPE]))).toBeUndefined();
  });

  it('rejects what is not a wasm module, and sections that run past the end', () => {
    expect(() => readSections(new TextEncoder().encode('not wasm'))).toThrow(/not a wasm module/);
    expect(() => readSections(new Uint8Array([...PREAMBLE, 1, 9, 1]))).toThrow(/runs past the end/);
  });
});
