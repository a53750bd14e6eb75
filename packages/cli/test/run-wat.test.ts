import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir, wasiKit } from './helpers/cli.js';

const WAT = fileURLToPath(new URL('./fixtures/wat/', import.meta.url));

describe('wasi-kit run FILE.wat', () => {
  it('compiles the text in memory and runs it', async () => {
    const run = await wasiKit(['run', 'hello.wat'], { cwd: WAT });
    expect(run).toMatchObject({ exitCode: 0, stdout: 'hello from wat' });
  });

  it('grants --dir to a .wat guest like to a .wasm one', async () => {
    const out = tempDir('wat-out');
    const run = await wasiKit(['run', path.join(WAT, 'write-file.wat'), `--dir=${out}::/out`]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(readFileSync(path.join(out, 'result.txt'), 'utf8')).toBe('written\n');
  });

  it('reports a syntax error as file:line:col and the message, on one line', async () => {
    const run = await wasiKit(['run', 'syntax-error.wat'], { cwd: WAT });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toMatch(/^error: syntax-error\.wat:4:5: unexpected token "?i32\.oops"?/);
    expect(run.stderr).not.toMatch(/\n\s+at |\^\^/);
  });
});
