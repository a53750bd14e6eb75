import { isatty } from 'node:tty';
import type { StdioStream } from '../../fd/stdio.js';
import { ProcExit } from '../../failures.js';
import { InputStream, OutputStream } from './io.js';

/** wasi:cli: arguments, environment, exit and the three stdio streams, from wasi-kit's own stdio. */

export interface CliContext {
  args: string[];
  env: [string, string][];
  stdio: readonly [StdioStream, StdioStream, StdioStream];
}

/** `terminal-input` / `terminal-output`: resources with no methods, handed out for a TTY. */
export class TerminalInput {}
export class TerminalOutput {}

function inputFrom(stream: StdioStream): InputStream {
  return new InputStream({
    read(max) {
      const buffer = new Uint8Array(max);
      const n = stream.read(buffer, 0, max);
      return n === 0 && max > 0 ? undefined : buffer.subarray(0, n);
    },
  });
}

function outputTo(stream: StdioStream): OutputStream {
  return new OutputStream({
    write(bytes) {
      for (let done = 0; done < bytes.length; ) done += stream.write(bytes, done, bytes.length - done);
    },
  });
}

function isTerminal(stream: StdioStream): boolean {
  return stream.isHostFd && isatty(stream.hostFd);
}

export function cliInterfaces(ctx: CliContext) {
  const [stdin, stdout, stderr] = ctx.stdio;
  return {
    'wasi:cli/environment': {
      getEnvironment: (): [string, string][] => ctx.env.map(([key, value]) => [key, value]),
      getArguments: (): string[] => [...ctx.args],
      // wasmtime gives no initial working directory unless asked; neither does wasi-kit.
      initialCwd: (): string | undefined => undefined,
    },
    'wasi:cli/exit': {
      exit: (status: { tag: 'ok' | 'err' }): never => {
        throw new ProcExit(status.tag === 'ok' ? 0 : 1);
      },
      exitWithCode: (code: number): never => {
        throw new ProcExit(code);
      },
    },
    'wasi:cli/stdin': { getStdin: () => inputFrom(stdin) },
    'wasi:cli/stdout': { getStdout: () => outputTo(stdout) },
    'wasi:cli/stderr': { getStderr: () => outputTo(stderr) },
    'wasi:cli/terminal-input': { TerminalInput },
    'wasi:cli/terminal-output': { TerminalOutput },
    'wasi:cli/terminal-stdin': { getTerminalStdin: () => (isTerminal(stdin) ? new TerminalInput() : undefined) },
    'wasi:cli/terminal-stdout': { getTerminalStdout: () => (isTerminal(stdout) ? new TerminalOutput() : undefined) },
    'wasi:cli/terminal-stderr': { getTerminalStderr: () => (isTerminal(stderr) ? new TerminalOutput() : undefined) },
  };
}
