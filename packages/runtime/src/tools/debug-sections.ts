import { ByteReader } from './byte-reader.js';

/**
 * The module without its DWARF (`.debug_*` custom sections), for running it: a debug build of a
 * small crate is 7 MB, 5 MB of it DWARF, which V8 copies and hashes on every compile (~40 ms)
 * though nothing here reads it. The `name` section stays (traps name functions from it), as do
 * all other sections, byte for byte. Bytes that do not parse as sections are returned unchanged,
 * so V8 reports what is wrong with them.
 */
export function withoutDebugSections(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const kept: [number, number][] = [];
  let dropped = 0;
  try {
    const reader = new ByteReader(bytes, 8);
    let keptFrom = 0;
    while (!reader.done) {
      const start = reader.offset;
      const id = reader.u8();
      const size = reader.uleb();
      const end = reader.offset + size;
      if (end > bytes.length) return bytes;
      if (id === 0 && reader.name().startsWith('.debug_')) {
        kept.push([keptFrom, start]);
        keptFrom = end;
        dropped += end - start;
      }
      reader.offset = end;
    }
    kept.push([keptFrom, bytes.length]);
  } catch {
    return bytes;
  }
  if (dropped === 0) return bytes;
  const out = new Uint8Array(bytes.length - dropped);
  let at = 0;
  for (const [from, to] of kept) {
    out.set(bytes.subarray(from, to), at);
    at += to - from;
  }
  return out;
}
