import type { GuestBytes } from '../memory/guest-memory.js';

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * A guest path that passed beneath.ts's rules, its trailing slashes taken off. It keeps the bytes
 * the guest gave (in guest memory, valid until the guest runs again): the native strategy hands
 * them to the kernel with no JavaScript string in between. The JavaScript walk reads `text`.
 */
export class GuestPath implements GuestBytes {
  constructor(
    readonly bytes: Uint8Array,
    readonly start: number,
    readonly length: number,
    /** The path ended in `/`: it names a directory, and a final symlink is followed (POSIX). */
    readonly trailingSlash: boolean,
    private decoded: string | undefined,
  ) {}

  get text(): string {
    return (this.decoded ??= utf8.decode(this.bytes.subarray(this.start, this.start + this.length)));
  }
}

/** The text of bytes already known to be UTF-8 (a component of a checked path). */
export function textOf(bytes: Uint8Array, start: number, end: number): string {
  return utf8.decode(bytes.subarray(start, end));
}
