import { lstatSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/** sizer's line for one entry: `filename: "NAME", filesize: N bytes` (Rust's `{:?}` of a plain name). */
export function sizerLine(name: string, size: number): string {
  return `filename: ${JSON.stringify(name)}, filesize: ${size} bytes`;
}

/**
 * What sizer must print for a host folder, from the host's own view of it: entries sorted by name,
 * sizes from lstat (Rust's `DirEntry::metadata` does not follow symlinks).
 */
export function expectedListing(folder: string): string {
  return readdirSync(folder)
    .sort()
    .map((name) => `${sizerLine(name, lstatSync(path.join(folder, name)).size)}\n`)
    .join('');
}

/** The walkthrough's sample folder: three files whose sizes the docs page shows. */
export const SAMPLE_FILES: Record<string, string> = {
  'hello.txt': 'Hello, WASI!\n',
  'numbers.csv': '1,2,3\n',
  'empty.log': '',
};

export function writeSampleFolder(folder: string): string {
  mkdirSync(folder, { recursive: true });
  for (const [name, text] of Object.entries(SAMPLE_FILES)) writeFileSync(path.join(folder, name), text);
  return folder;
}
