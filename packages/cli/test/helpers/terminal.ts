import { execa } from 'execa';
import { CLI_BIN, type CliRun } from './cli.js';

/** util-linux `script` gives the CLI a real pseudo-terminal, as a person's shell would. */
export const hasScript = (await execa('script', ['--version'], { reject: false })).exitCode === 0;

export interface TerminalOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Keys fed to the terminal up front. */
  input?: string;
  /** Keys typed one step at a time, each once the output so far matches `after`, as a person answers a prompt. */
  typing?: { after: RegExp; keys: string }[];
  /** The terminal's width (`stty cols`); script's default otherwise. */
  columns?: number;
}

/**
 * Runs the built CLI on a pseudo-terminal (stdin, stdout and stderr are all the TTY). Output is the
 * terminal's: stdout and stderr together, with \r\n.
 */
export async function wasiKitOnTerminal(args: string[], options: TerminalOptions = {}): Promise<CliRun> {
  const quoted = [process.execPath, CLI_BIN, ...args].map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ');
  const command = options.columns ? `stty cols ${options.columns} rows 40; exec ${quoted}` : quoted;
  const child = execa('script', ['-qec', command, '/dev/null'], {
    reject: false,
    cwd: options.cwd,
    env: { TERM: 'xterm-256color', ...options.env },
    ...(options.typing ? { stdin: 'pipe' as const } : { input: options.input ?? '' }),
  });
  if (options.typing) {
    const steps = [...options.typing];
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      while (steps[0] && steps[0].after.test(output)) child.stdin?.write(steps.shift()!.keys);
    });
    // script passes an end of stdin on as Ctrl-D: keep it open until the CLI has exited.
    void child.finally(() => child.stdin?.end());
  }
  const result = await child;
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}
