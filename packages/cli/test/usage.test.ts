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
