/** What a file that is not a wasm binary looks like, for the "not wasm" message. */
export function describeNonWasm(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'an empty file';
  const starts = (...signature: number[]) => signature.every((byte, i) => bytes[i] === byte);
  if (starts(0x7f, 0x45, 0x4c, 0x46)) return 'an ELF executable';
  if (starts(0x4d, 0x5a)) return 'a Windows (PE) executable';
  if (starts(0xcf, 0xfa, 0xed, 0xfe) || starts(0xfe, 0xed, 0xfa, 0xcf) || starts(0xca, 0xfe, 0xba, 0xbe)) return 'a Mach-O executable';
  if (starts(0x1f, 0x8b)) return 'a gzip archive';
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'a zip archive';
  if (starts(0x00, 0x61, 0x73, 0x6d)) return 'a truncated WebAssembly binary (the 8-byte header is incomplete)';
  const text = asText(bytes);
  if (text === undefined) return 'binary data that is not WebAssembly';
  if (looksLikeWat(text)) return 'WebAssembly text (WAT)';
  if (text.startsWith('#!')) return 'a script';
  const firstLine = text.trimStart().split('\n', 1)[0] ?? '';
  return `a text file (starting "${firstLine.length > 40 ? `${firstLine.slice(0, 40)}…` : firstLine}")`;
}

/** `(module` or `(component` after whitespace and `;;` / `(; ;)` comments. */
export function looksLikeWat(text: string): boolean {
  const code = text.replace(/\(;[\s\S]*?;\)/g, ' ').replace(/;;[^\n]*/g, ' ').trimStart();
  return /^\((module|component)\b/.test(code);
}

function asText(bytes: Uint8Array): string | undefined {
  const head = bytes.subarray(0, 4096);
  if (head.includes(0)) return undefined;
  try {
    // `stream` tolerates a character cut at the 4 KiB boundary.
    return new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    return undefined;
  }
}
