import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI_BIN, wasiKit } from './helpers/cli.js';
import { hasScript, wasiKitOnTerminal } from './helpers/terminal.js';

describe('a wrong command line gets cargo\'s shape: the error, the tip, the usage, one pointer to --help', () => {
  it('an unknown command', async () => {
    const run = await wasiKit(['biuld']);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(["error: unknown command 'biuld'", '', "  tip: a similar command exists: 'build'", '', 'Usage: wasi-kit [options] [command]', '', "For more information, try 'wasi-kit --help'."].join('\n'));
  });

  it('an unknown option of a command', async () => {
    const run = await wasiKit(['build', '--relase']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(["error: unknown option '--relase'", '', "  tip: a similar option exists: '--release'", '', 'Usage: wasi-kit build [options]', '', "For more information, try 'wasi-kit build --help'."].join('\n'));
  });

  it('with nothing similar, no tip', async () => {
    const run = await wasiKit(['inspect', '--zzz', 'x.wasm']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(["error: unknown option '--zzz'", '', 'Usage: wasi-kit inspect [options] <file>', '', "For more information, try 'wasi-kit inspect --help'."].join('\n'));
  });
});

describe('a reader that stops early', () => {
  it.each(['--help', 'new --help', 'doctor --help'])('`wasi-kit %s | head -1` ends quietly with exit 0', async (args) => {
    const pipeline = await execa('bash', ['-c', `set -o pipefail; '${process.execPath}' '${CLI_BIN}' ${args} | head -1`], { reject: false, env: { NO_COLOR: '1' } });
    expect(pipeline.stderr).toBe('');
    expect(pipeline.stdout).toMatch(/^Usage: wasi-kit/);
    expect(pipeline.exitCode).toBe(0);
  });
});

describe('output that cannot be written', () => {
  it.each(['--version', 'doctor'])('`wasi-kit %s > /dev/full` says so in one line on stderr and exits 1', async (args) => {
    const run = await execa('bash', ['-c', `'${process.execPath}' '${CLI_BIN}' ${args} > /dev/full`], { reject: false, env: { NO_COLOR: '1' } });
    expect(run.stderr).toBe('error: cannot write to stdout: write: no space left on device (ENOSPC)');
    expect(run.exitCode).toBe(1);
  });
});

describe.runIf(hasScript)('help on a terminal', () => {
  it.each([50, 72, 100])('wraps to a %i-column terminal', async (columns) => {
    const run = await wasiKitOnTerminal(['--help'], { columns, env: { NO_COLOR: '1' } });
    expect(run.exitCode).toBe(0);
    const lines = run.stdout.split('\r\n').filter((line) => line !== '');
    expect(lines.length).toBeGreaterThan(10);
    // Only a single word longer than the terminal (the docs URL) may stick out.
    expect(lines.filter((line) => line.length > columns && /\s/.test(line.trim()))).toEqual([]);
    expect(run.stdout).toContain('70 wasi-kit bug');
  });
});

describe('run: an option after the module that wasi-kit refuses gets the tip to pass it to the guest after --', () => {
  const hello = fileURLToPath(new URL('./fixtures/wat/hello.wat', import.meta.url));

  it('an unknown option (python.wasm -c …, as wasmtime would pass it on)', async () => {
    const run = await wasiKit(['run', '--dir=.', hello, '-c', 'print(1)', 'more']);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n\n').map((part) => part.replace(/\n\s*/g, ' ').trim())).toEqual([
      "error: unknown option '-c'",
      `tip: options after '${hello}' are wasi-kit's; to pass -c to the guest, put it after --: wasi-kit run [options] ${hello} -- -c 'print(1)' …`,
      'Usage: wasi-kit run [options] [file] [args...]',
      "For more information, try 'wasi-kit run --help'.",
    ]);
  });

  it('a wasmtime flag wasi-kit refuses, which is also a guest\'s (python -W ignore)', async () => {
    const run = await wasiKit(['run', hello, '-W', 'ignore', 'script.py']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe([
      'error: -W ignore: wasi-kit has no such switch',
      `hint: options after '${hello}' are wasi-kit's; to pass -W to the guest, put it after --: wasi-kit run [options] ${hello} -- -W ignore …`,
    ].join('\n'));
  });

  it('before the module, or with the module after it, the refusal keeps its own words', async () => {
    const unknown = await wasiKit(['run', '-c', hello]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).not.toContain('to the guest');
    const wasmtime = await wasiKit(['run', '-S', 'tcp', hello]);
    expect(wasmtime.stderr).toBe('error: -S tcp: wasi-kit does not provide sockets\nhint: wasi-kit is a WASI preview1 host (files, clocks, random, args, env); -S takes inherit-env here');
    // `--dir X` takes the next word: X is not the module.
    const valued = await wasiKit(['run', '--dir', '.', '-c', hello]);
    expect(valued.stderr).not.toContain('to the guest');
  });

  it('after --, the same option reaches the guest', async () => {
    const run = await wasiKit(['run', hello, '--', '-c', 'pass']);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe('');
  });
});
