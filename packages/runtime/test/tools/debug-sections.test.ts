import { describe, expect, it } from 'vitest';
import { withoutDebugSections } from '../../src/tools/debug-sections.js';
import { readModule } from '../../src/tools/module-reader.js';

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const custom = (name: string, payload: number[]) => {
  const body = [name.length, ...Buffer.from(name), ...payload];
  return [0x00, body.length, ...body];
};
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
