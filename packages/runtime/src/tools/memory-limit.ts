import { encodeUleb } from './byte-reader.js';
import { MemoryCapTooSmall } from '../module-errors.js';
import type { CoreModuleInfo, MemoryLimits } from './module-reader.js';

export const PAGE_SIZE = 65_536;
/** A 32-bit memory has at most 2^16 pages (4 GiB): a larger cap is no cap, and must not be written as one. */
const MAX_PAGES_32 = 65_536;

/**
 * Rewrites the memory section so every defined memory's maximum is at most `maxBytes` (rounded
 * down to whole pages; a cap above 4 GiB leaves a 32-bit memory as it was). V8 then makes `memory.grow` past it return -1, as the spec allows a host to.
 */
export function capMemory(bytes: Uint8Array<ArrayBuffer>, info: CoreModuleInfo, maxBytes: number, file: string, label: string): Uint8Array<ArrayBuffer> {
  const capPages = Math.floor(maxBytes / PAGE_SIZE);
  for (const imported of info.imports) {
    if (imported.memory && imported.memory.min > capPages) throw tooSmall(file, imported.memory, capPages, label);
  }
  const section = info.sections.find((range) => range.id === 5);
  if (!section) return bytes;

  const payload: number[] = [...encodeUleb(info.memories.length)];
  for (const memory of info.memories) {
    if (memory.min > capPages) throw tooSmall(file, memory, capPages, label);
    const limit = memory.memory64 ? capPages : Math.min(capPages, MAX_PAGES_32);
    const max = Math.min(memory.max ?? limit, limit);
    const flags = 0x01 | (memory.shared ? 0x02 : 0) | (memory.memory64 ? 0x04 : 0);
    payload.push(flags, ...encodeUleb(memory.min), ...encodeUleb(max));
  }
  const header = [5, ...encodeUleb(payload.length)];
  const out = new Uint8Array(bytes.length - (section.end - section.start) + header.length + payload.length);
  out.set(bytes.subarray(0, section.start), 0);
  out.set(header, section.start);
  out.set(payload, section.start + header.length);
  out.set(bytes.subarray(section.end), section.start + header.length + payload.length);
  return out;
}

function tooSmall(file: string, memory: MemoryLimits, capPages: number, label: string): MemoryCapTooSmall {
  return new MemoryCapTooSmall(
    `${file} needs ${memory.min} pages (${formatBytes(memory.min * PAGE_SIZE)}) of memory at start, more than --max-memory ${label} (${capPages} pages)`,
    { hint: `raise --max-memory to at least ${formatBytes(memory.min * PAGE_SIZE)}` },
  );
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3 && bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3}GiB`;
  if (bytes >= 1024 ** 2) return `${+(bytes / 1024 ** 2).toFixed(2)}MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(2)}KiB`;
  return `${bytes}B`;
}
