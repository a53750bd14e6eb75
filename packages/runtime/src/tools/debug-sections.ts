/**
 * A module without its DWARF (`.debug_*` custom sections), for running it: a debug build of a
 * small crate is 7 MB, 5 MB of it DWARF, which V8 copies and hashes on every compile (~40 ms)
 * and which takes longer to read than everything else a dev cycle does, though nothing here reads
 * it. The `name` section stays (traps name functions from it), as do all other sections, byte for
 * byte. Bytes that do not parse as sections are kept whole, so V8 reports what is wrong with them.
 */

/** `length` bytes at `offset`, or fewer where the module ends. */
export type ReadAt = (offset: number, length: number) => Uint8Array;

/** The most a section header needs: id, a 5-byte size, a 5-byte name length and `.debug_`. */
const HEADER_BYTES = 1 + 5 + 5 + 7;
const DEBUG_PREFIX = [...'.debug_'].map((char) => char.charCodeAt(0));

/**
 * The byte ranges to keep of a core module of `size` bytes, reading only section headers through
 * `readAt`; undefined when there is no DWARF to drop, or the sections do not parse.
 */
export function runnableRanges(readAt: ReadAt, size: number): [number, number][] | undefined {
  const kept: [number, number][] = [];
  let keptFrom = 0;
  let dropped = false;
  // After the 8-byte preamble, sections follow one another to the end (core spec §5.5.2).
  for (let offset = 8; offset < size; ) {
    const header = readAt(offset, HEADER_BYTES);
    const id = header[0];
    const sizeField = uleb(header, 1);
    if (id === undefined || !sizeField) return undefined;
    const end = offset + 1 + sizeField.length + sizeField.value;
    if (end > size) return undefined;
    if (id === 0 && isDebugName(header, 1 + sizeField.length)) {
      if (offset > keptFrom) kept.push([keptFrom, offset]);
      keptFrom = end;
      dropped = true;
    }
    offset = end;
  }
  if (!dropped) return undefined;
  if (size > keptFrom) kept.push([keptFrom, size]);
  return kept;
}

/** The bytes without their `.debug_*` sections; `bytes` itself when there are none (or they do not parse). */
export function withoutDebugSections(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const ranges = runnableRanges((offset, length) => bytes.subarray(offset, offset + length), bytes.length);
  if (!ranges) return bytes;
  return assemble(ranges, (offset, length) => bytes.subarray(offset, offset + length));
}

/** The kept ranges copied into one buffer, each read through `readAt`. */
export function assemble(ranges: [number, number][], readAt: ReadAt): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(ranges.reduce((total, [from, to]) => total + to - from, 0));
  let at = 0;
  for (const [from, to] of ranges) {
    out.set(readAt(from, to - from), at);
    at += to - from;
  }
  return out;
}

/** A custom section whose name (a LEB128 length, then UTF-8) starts with `.debug_`. */
function isDebugName(header: Uint8Array, at: number): boolean {
  const length = uleb(header, at);
  if (!length || length.value < DEBUG_PREFIX.length) return false;
  const name = at + length.length;
  return DEBUG_PREFIX.every((byte, i) => header[name + i] === byte);
}

/** A u32 LEB128 at `at` and how many bytes it took; undefined when it is cut off or too long. */
function uleb(bytes: Uint8Array, at: number): { value: number; length: number } | undefined {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    const byte = bytes[at + i];
    if (byte === undefined) return undefined;
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return { value, length: i + 1 };
  }
  return undefined;
}
