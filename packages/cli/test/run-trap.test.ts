import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { wasiKit } from './helpers/cli.js';

const WAT = fileURLToPath(new URL('./fixtures/wat/', import.meta.url));

// trap.wat: `_start` (unnamed export) calls $divide, which divides by zero.
const BACKTRACE = [
  'error while executing at wasm backtrace:',
  /^ {4}0: +0x[0-9a-f]+ - <unknown>!divide$/,
  /^ {4}1: +0x[0-9a-f]+ - <unknown>!<wasm function 1>$/,
];

describe('a trap on the built CLI', () => {
  it('names the function in one line, exit 134', async () => {
    const run = await wasiKit(['run', 'trap.wat'], { cwd: WAT });
    expect(run.exitCode).toBe(134);
    expect(run.stderr).toBe("error: wasm trap: integer divide by zero in function 'divide'");
  });

  it.each([
    ['--backtrace', ['--backtrace'], {}],
    ['RUST_BACKTRACE=1', [], { RUST_BACKTRACE: '1' }],
    ['RUST_BACKTRACE=full with --timeout (a worker)', ['--timeout', '30s'], { RUST_BACKTRACE: 'full' }],
  ])('%s prints wasmtime\'s wasm backtrace above the error line', async (_, flags, env) => {
    const run = await wasiKit(['run', ...flags, 'trap.wat'], { cwd: WAT, env });
    expect(run.exitCode).toBe(134);
    const lines = run.stderr.split('\n');
    expect(lines[0]).toBe(BACKTRACE[0]);
    expect(lines[1]).toMatch(BACKTRACE[1] as RegExp);
    expect(lines[2]).toMatch(BACKTRACE[2] as RegExp);
    expect(lines.slice(3)).toEqual(["error: wasm trap: integer divide by zero in function 'divide'"]);
  });

  it('RUST_BACKTRACE=0 keeps it to one line', async () => {
    const run = await wasiKit(['run', 'trap.wat'], { cwd: WAT, env: { RUST_BACKTRACE: '0' } });
    expect(run.stderr.split('\n')[0]).toBe("error: wasm trap: integer divide by zero in function 'divide'");
    expect(run.stderr).not.toContain('backtrace:');
  });
});
