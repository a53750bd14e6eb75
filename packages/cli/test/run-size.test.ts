import { describe, expect, it } from 'vitest';
import { WasiKitError } from '../src/errors.js';
import { parseSize } from '../src/run/size.js';

describe('parseSize (--max-memory)', () => {
  it.each([
    ['65536', 65_536],
    ['64KiB', 65_536],
    ['64k', 65_536],
    ['64MiB', 64 * 1024 ** 2],
    ['64M', 64 * 1024 ** 2],
    ['1G', 1024 ** 3],
    ['1gib', 1024 ** 3],
    ['1.5MiB', 1.5 * 1024 ** 2],
    ['100MB', 100 * 1000 ** 2],
    ['2kB', 2000],
  ])('%s is %d bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each(['lots', '0', '-1M', '64XB', '', 'MiB'])('refuses %j', (text) => {
    expect(() => parseSize(text)).toThrow(WasiKitError);
    expect(() => parseSize(text)).toThrow(`--max-memory ${text}: expected a size such as 64MiB or 1G`);
  });
});
