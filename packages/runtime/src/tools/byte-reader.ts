/** Names are UTF-8 (§5.2.4); a leading U+FEFF is part of the name, not a byte-order mark to drop. */
const nameText = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A cursor over a wasm binary: LEB128 integers, names and byte ranges (core spec §5.2). */
export class ByteReader {
  offset: number;

  constructor(
    readonly bytes: Uint8Array,
    offset = 0,
    readonly end = bytes.length,
  ) {
    this.offset = offset;
  }

  get done(): boolean {
    return this.offset >= this.end;
  }

  u8(): number {
    if (this.offset >= this.end) throw new RangeError(`unexpected end of data at byte ${this.offset}`);
    return this.bytes[this.offset++]!;
  }

  /** An unsigned LEB128 up to 2^53, enough for u32 indices and memory64 limits. */
  uleb(): number {
    let result = 0;
    let scale = 1;
    for (;;) {
      const byte = this.u8();
      result += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return result;
      scale *= 128;
      if (scale > 2 ** 56) throw new RangeError(`LEB128 too long at byte ${this.offset}`);
    }
  }

  /** A signed LEB128 (s33 heap types, block types); the value itself is rarely needed. */
  sleb(): number {
    let result = 0;
    let scale = 1;
    let byte: number;
    do {
      byte = this.u8();
      result += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte & 0x80);
    return byte & 0x40 ? result - scale : result;
  }

  take(length: number): Uint8Array {
    if (this.offset + length > this.end) throw new RangeError(`a ${length}-byte field runs past the end at byte ${this.offset}`);
    const slice = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }

  name(): string {
    return nameText.decode(this.take(this.uleb()));
  }
}

/** Unsigned LEB128 encoding of a non-negative integer below 2^53. */
export function encodeUleb(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) byte |= 0x80;
    out.push(byte);
  } while (rest > 0);
  return out;
}
