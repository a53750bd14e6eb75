import { CommanderError } from 'commander';
import { isUserError } from './errors.js';
import { EXIT, printError, printUserError } from './output.js';
import { createProgram } from './program.js';
import { printToolchainNotices } from './toolchain-notices.js';

/** The one top-level error handler: user mistakes are one line and a hint; bugs keep their stack. */
async function main(argv: string[]): Promise<void> {
  endQuietlyWhenReaderLeaves('stdout');
  endQuietlyWhenReaderLeaves('stderr');
  printToolchainNotices();
  try {
    await createProgram(argv[2]).parseAsync(argv);
  } catch (error) {
    process.exitCode = exitCodeFor(error);
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // help and --version "fail" with code 0; commander already printed its message and the help.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (isUserError(error)) {
    printUserError(error);
    return error.exitCode;
  }
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  printError('this is a bug in wasi-kit', 'please report it with the output above at https://github.com/wasi-kit/wasi-kit/issues');
  return EXIT.internal;
}

/**
 * `wasi-kit --help | head -1`, `run --json | head`: a reader that stops early is not our error.
 * Like cargo and git, end without a word (nothing more can be shown) and keep the exit code.
 * Installed when the stream is first used: making process.stdout loads Node's stream and socket
 * code (~5 ms), which a `wasi-kit run` whose guest writes to fd 1 itself never needs.
 */
function endQuietlyWhenReaderLeaves(name: 'stdout' | 'stderr'): void {
  const lazy = Object.getOwnPropertyDescriptor(process, name);
  const guard = (stream: NodeJS.WriteStream) =>
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(process.exitCode ?? EXIT.ok);
    });
  if (!lazy?.get || !lazy.configurable) {
    guard(process[name]);
    return;
  }
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: lazy.enumerable ?? true,
    get() {
      const stream = lazy.get!.call(process) as NodeJS.WriteStream;
      Object.defineProperty(process, name, { configurable: true, enumerable: lazy.enumerable ?? true, writable: false, value: stream });
      return guard(stream);
    },
  });
}

// Not awaited at the top level: the CLI ships as CommonJS (scripts/bundle.mjs); main() catches all.
void main(process.argv);
