import { describe, expect, it } from 'vitest';
import { describeNonWasm, looksLikeWat } from '../../src/tools/file-kind.js';

const bytes = (...values: number[]) => new Uint8Array(values);
const text = (value: string) => new TextEncoder().encode(value);

describe('describeNonWasm', () => {
  it.each([
    ['an empty file', new Uint8Array()],
    ['an ELF executable', bytes(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0)],
    ['a Windows (PE) executable', bytes(0x4d, 0x5a, 0x90, 0)],
    ['a Mach-O executable', bytes(0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1)],
    ['a gzip archive', bytes(0x1f, 0x8b, 8, 0)],
    ['a zip archive', bytes(0x50, 0x4b, 3, 4)],
    ['a truncated WebAssembly binary (the 8-byte header is incomplete)', bytes(0, 0x61, 0x73, 0x6d, 1)],
    ['WebAssembly text (WAT)', text(';; a comment\n(module (func))')],
    ['WebAssembly text (WAT)', text('(; block ;)\n  (module)')],
    ['a script', text('#!/bin/sh\necho hi\n')],
    ['a text file (starting "hello world")', text('hello world\nmore')],
    ['binary data that is not WebAssembly', bytes(1, 2, 0, 4)],
  ])('says %s', (expected, input) => {
    expect(describeNonWasm(input)).toBe(expected);
  });

  it('does not take text that merely mentions a module for WAT', () => {
    expect(looksLikeWat('see (module) below')).toBe(false);
  });
});
