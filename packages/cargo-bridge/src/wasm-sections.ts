/**
 * Reads and rewrites a wasm module's section list (https://webassembly.github.io/spec/core/binary/modules.html#sections):
 * an 8-byte preamble, then sections of `id: u8, size: u32 LEB128, payload`. Custom sections (id 0)
 * start their payload with a LEB128-prefixed UTF-8 name.
 */

const PREAMBLE = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const CUSTOM = 0;

export interface Section {
  id: number;
  /** The custom section's name; undefined for known sections. */
  name: string | undefined;
  /** The whole section, header included. */
  bytes: Uint8Array;
  /** Just the payload after the name (custom) or after the size (others). */
  payload: Uint8Array;
}

export function readSections(module: Uint8Array): Section[] {
  if (module.length < 8 || PREAMBLE.some((byte, i) => module[i] !== byte)) throw new Error('not a wasm module (bad magic or version)');
  const sections: Section[] = [];
  let offset = 8;
  while (offset < module.length) {
    const start = offset;
    const id = module[offset++] ?? 0;
    const [size, payloadStart] = readU32(module, offset);
    const end = payloadStart + size;
    if (end > module.length) throw new Error(`wasm section ${id} at byte ${start} runs past the end of the module`);
    let name: string | undefined;
    let payloadFrom = payloadStart;
    if (id === CUSTOM) {
      const [length, nameStart] = readU32(module, payloadStart);
      name = new TextDecoder().decode(module.subarray(nameStart, nameStart + length));
      payloadFrom = nameStart + length;
    }
    sections.push({ id, name, bytes: module.subarray(start, end), payload: module.subarray(payloadFrom, end) });
    offset = end;
  }
  return sections;
}

/** The module without its custom sections (names, producers, DWARF), except those in `keep`. */
export function stripCustomSections(module: Uint8Array, keep: readonly string[] = []): Uint8Array<ArrayBuffer> {
  const kept = readSections(module).filter((section) => section.id !== CUSTOM || keep.includes(section.name ?? ''));
  const out = new Uint8Array(8 + kept.reduce((sum, section) => sum + section.bytes.length, 0));
  out.set(PREAMBLE, 0);
  let offset = 8;
  for (const section of kept) {
    out.set(section.bytes, offset);
    offset += section.bytes.length;
  }
  return out;
}

/**
 * The features a `target_features` section declares as used (`+name`), per the tool-conventions
 * (https://github.com/WebAssembly/tool-conventions/blob/main/Linking.md#target-features-section).
 */
export function usedFeatures(module: Uint8Array): string[] | undefined {
  const section = readSections(module).find((s) => s.id === CUSTOM && s.name === 'target_features');
  if (!section) return undefined;
  const bytes = section.payload;
  const [count, first] = readU32(bytes, 0);
  const features: string[] = [];
  let offset = first;
  for (let i = 0; i < count; i++) {
    const prefix = bytes[offset++];
    const [length, nameStart] = readU32(bytes, offset);
    const name = new TextDecoder().decode(bytes.subarray(nameStart, nameStart + length));
    offset = nameStart + length;
    if (prefix === 0x2b /* '+' */) features.push(name);
  }
  return features;
}

function readU32(bytes: Uint8Array, offset: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[offset++];
    if (byte === undefined) throw new Error('truncated LEB128 in wasm module');
    value |= (byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [value >>> 0, offset];
    shift += 7;
    if (shift > 28) throw new Error('LEB128 longer than a u32 in wasm module');
  }
}
