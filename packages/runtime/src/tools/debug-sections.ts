import { ByteReader } from './byte-reader.js';

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
    const header = new ByteReader(readAt(offset, HEADER_BYTES), 1);
    const id = header.bytes[0];
    const sectionSize = u32(header);
    if (id === undefined || sectionSize === undefined) return undefined;
    const end = offset + header.offset + sectionSize;
    if (end > size) return undefined;
    if (id === 0 && isDebugName(header)) {
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
  return assemble(ranges, (target, offset) => target.set(bytes.subarray(offset, offset + target.length)));
}

/** The kept ranges in one buffer, each filled in place by `fill(target, offset)` (no buffer per range). */
export function assemble(ranges: [number, number][], fill: (target: Uint8Array<ArrayBuffer>, offset: number) => void): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(ranges.reduce((total, [from, to]) => total + to - from, 0));
  let at = 0;
  for (const [from, to] of ranges) {
    fill(out.subarray(at, at + to - from), from);
    at += to - from;
  }
  return out;
}

/** A custom section whose name (a LEB128 length, then UTF-8), at the reader's offset, starts with `.debug_`. */
function isDebugName(header: ByteReader): boolean {
  const length = u32(header);
  if (length === undefined || length < DEBUG_PREFIX.length) return false;
  return DEBUG_PREFIX.every((byte, i) => header.bytes[header.offset + i] === byte);
}

/** A u32 LEB128 (at most 5 bytes); undefined when it is cut off or longer. */
function u32(reader: ByteReader): number | undefined {
  const start = reader.offset;
  try {
    const value = reader.uleb();
    return reader.offset - start <= 5 ? value : undefined;
  } catch {
    return undefined;
  }
}
