import { describe, expect, it } from 'vitest';
import { WatSyntaxError } from '../../src/module-errors.js';
import { compileWat } from '../../src/tools/wat.js';

describe('compileWat', () => {
  it('compiles text to a binary V8 accepts', async () => {
    const bytes = await compileWat('add.wat', '(module (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))');
    const { instance } = await WebAssembly.instantiate(bytes);
    expect((instance.exports.add as (a: number, b: number) => number)(2, 40)).toBe(42);
  });

  it('reports a syntax error as one file:line:col line', async () => {
    const error = await compileWat('src/bad.wat', '(module\n  (func\n    i32.const 1 oops))').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WatSyntaxError);
    expect((error as Error).message).toBe('src/bad.wat:3:17: unexpected token oops, expected ).');
  });

  it('reports a type error found by validation with its position', async () => {
    const error = await compileWat('t.wat', '(module (func (result i32) (i64.const 1)))').catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/^t\.wat:1:\d+: type mismatch/);
    expect((error as Error).message).not.toContain('\n');
  });
});
