import { execa } from 'execa';
import { CLI_BIN, type CliRun } from './cli.js';

/** util-linux `script` gives the CLI a real pseudo-terminal, as a person's shell would. */
export const hasScript = (await execa('script', ['--version'], { reject: false })).exitCode === 0;

/**
 * Runs the built CLI on a pseudo-terminal (stdin, stdout and stderr are all the TTY), feeding
 * `input` as typed keys. Output is the terminal's: stdout and stderr together, with \r\n.
 */
export async function wasiKitOnTerminal(args: string[], options: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {}): Promise<CliRun> {
  const command = [process.execPath, CLI_BIN, ...args].map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ');
  const result = await execa('script', ['-qec', command, '/dev/null'], {
    reject: false,
    cwd: options.cwd,
    env: { TERM: 'xterm-256color', ...options.env },
    input: options.input ?? '',
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}
