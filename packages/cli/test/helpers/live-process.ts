import { execa, type ResultPromise } from 'execa';
import { onTestFailed } from 'vitest';
import { CLI_BIN } from './cli.js';

const quote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;

/**
 * A long-running CLI subprocess (`wasi-kit dev`) whose output a test reads as it arrives:
 * `waitFor` resolves once stdout+stderr, from a given offset, match a pattern. Made inside a test.
 */
export class LiveCli {
  readonly process: ResultPromise<{ reject: false; all: true; env: Record<string, string>; cwd: string; stdin: 'ignore' | 'pipe' }>;
  private text = '';
  private waiters: Array<() => void> = [];

  /** With `terminal`, the CLI runs on a pseudo-terminal (util-linux `script`) and `type()` sends it keys. */
  constructor(args: string[], cwd: string, env: Record<string, string> = {}, options: { terminal?: boolean } = {}) {
    this.process = options.terminal
      ? execa('script', ['-qfec', [process.execPath, CLI_BIN, ...args].map(quote).join(' '), '/dev/null'], { reject: false, all: true, env: { NO_COLOR: '1', TERM: 'xterm-256color', ...env }, cwd, stdin: 'pipe' })
      : execa(process.execPath, [CLI_BIN, ...args], { reject: false, all: true, env: { NO_COLOR: '1', ...env }, cwd, stdin: 'ignore' });
    this.process.all.on('data', (chunk: Buffer) => {
      this.text += chunk.toString();
      for (const wake of this.waiters.splice(0)) wake();
    });
    // A step that never comes fails at the test's timeout (a cargo build on a loaded machine has
    // no deadline of its own): what the CLI printed goes with any failure.
    onTestFailed(() => console.error(`wasi-kit ${args.join(' ')} printed:\n${this.text}`));
  }

  /** Keys typed on the terminal (with `terminal: true`). */
  type(keys: string): void {
    this.process.stdin?.write(keys);
  }

  /** Everything printed so far. */
  get output(): string {
    return this.text;
  }

  /** Waits until the output after `from` matches (or the CLI exits without it); returns the offset just past the match. */
  async waitFor(pattern: RegExp, from = 0): Promise<number> {
    for (;;) {
      const match = pattern.exec(this.text.slice(from));
      if (match) return from + match.index + match[0].length;
      if (this.process.exitCode !== null) {
        throw new Error(`waited for ${pattern} after offset ${from}, but the CLI exited; output was:\n${this.text}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 250);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
