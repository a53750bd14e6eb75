import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { wasiKit } from './helpers/cli.js';

const WAT = fileURLToPath(new URL('./fixtures/wat/', import.meta.url));
const invoke = (...args: string[]) => wasiKit(['run', '--invoke', ...args], { cwd: WAT });

describe('wasi-kit run --invoke', () => {
  it.each([
    [['add', 'math.wat', '2', '40'], '42'],
    [['add', 'math.wat', '-5', '3'], '-2'],
    [['add64', 'math.wat', '9223372036854775807', '1'], '-9223372036854775808'],
    [['scale', 'math.wat', '2.5', '-2'], '-5'],
    [['pair', 'math.wat'], '-1\n9007199254740993'],
    [['nothing', 'math.wat'], ''],
  ])('%j prints each result on its own line', async (args, stdout) => {
    const run = await invoke(...args);
    expect(run.stderr).toBe('');
    expect(run).toMatchObject({ exitCode: 0, stdout });
  });

  it('runs _initialize first and lets the export call WASI', async () => {
    const run = await invoke('greet', 'reactor.wat');
    expect(run).toMatchObject({ exitCode: 0, stdout: 'initialized\n1' });
  });

  it('exits with the code an invoked export passes to proc_exit', async () => {
    expect((await invoke('quit', 'reactor.wat', '9')).exitCode).toBe(9);
  });

  const exportsLine = 'exported functions: add(i32, i32) -> i32, add64(i64, i64) -> i64, scale(f64, f32) -> f64, pair() -> (i32, i64), nothing() -> ()';
  it.each([
    [['sub', 'math.wat', '1'], `error: math.wat has no export "sub"; ${exportsLine}`],
    [['counter', 'math.wat'], `error: export "counter" of math.wat is a global, not a function; ${exportsLine}`],
    [['add', 'math.wat', '1'], `error: add(i32, i32) -> i32 takes 2 arguments, got 1; ${exportsLine}`],
    [['add', 'math.wat', '1', '2.5'], `error: add(i32, i32) -> i32: argument 2 "2.5" is not a valid i32; ${exportsLine}`],
  ])('%j is a one-line error listing the exports', async (args, line) => {
    const run = await invoke(...args);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toBe(line);
    expect(run.stderr.split('\n')).toHaveLength(2); // the error and its hint
  });

  it('a module without _start suggests --invoke with its exports', async () => {
    const run = await wasiKit(['run', 'math.wat'], { cwd: WAT });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe('error: math.wat has no _start export, so it is not a WASI command\nhint: call one of its exports with --invoke NAME [ARGS…]: add, add64, scale, pair, nothing');
  });
});
