import { describe, expect, it } from 'vitest';
import { InvokeMismatch } from '../../src/module-errors.js';
import { parseInvocation, parseValue } from '../../src/tools/invoke.js';
import { readModule, type CoreModuleInfo } from '../../src/tools/module-reader.js';
import { compileWat } from '../../src/tools/wat.js';

describe('parseValue', () => {
  it.each([
    ['i32', '42', 42],
    ['i32', '-1', -1],
    ['i32', '4294967295', -1], // the unsigned spelling of -1
    ['i32', '0x10', 16],
    ['i64', '9223372036854775807', 9223372036854775807n],
    ['i64', '18446744073709551615', -1n],
    ['f32', '1.5', 1.5],
    ['f64', '-2.5e3', -2500],
    ['f64', 'inf', Infinity],
    ['f64', 'nan', NaN],
  ] as const)('parses %s %s', (type, text, expected) => {
    expect(parseValue(type, text)).toEqual(expected);
  });

  it.each([
    ['i32', '4294967296'],
    ['i32', '-2147483649'],
    ['i32', '1.5'],
    ['i32', 'x'],
    ['i64', '18446744073709551616'],
    ['f64', '1.2.3'],
    ['f64', ''],
    ['v128', '0'],
  ] as const)('rejects %s %s', (type, text) => {
    expect(parseValue(type, text)).toBeUndefined();
  });
});

describe('parseInvocation', () => {
  const module = async () => readModule(await compileWat('m.wat', '(module (func (export "add") (param i32 i64) (result i32) (i32.const 0)) (memory (export "memory") 1))')) as CoreModuleInfo;

  it('parses arguments by the export\'s parameter types', async () => {
    expect(parseInvocation('m.wat', await module(), 'add', ['7', '8']).args).toEqual([7, 8n]);
  });

  it.each([
    ['sub', ['1', '2'], 'm.wat has no export "sub"; exported functions: add(i32, i64) -> i32'],
    ['memory', [], 'export "memory" of m.wat is a memory, not a function; exported functions: add(i32, i64) -> i32'],
    ['add', ['1'], 'add(i32, i64) -> i32 takes 2 arguments, got 1; exported functions: add(i32, i64) -> i32'],
    ['add', ['1', 'two'], 'add(i32, i64) -> i32: argument 2 "two" is not a valid i64; exported functions: add(i32, i64) -> i32'],
  ])('refuses --invoke %s %j with one line listing the exports', async (name, args, message) => {
    const info = await module();
    expect(() => parseInvocation('m.wat', info, name, args)).toThrow(InvokeMismatch);
    expect(() => parseInvocation('m.wat', info, name, args)).toThrow(message);
  });
});
