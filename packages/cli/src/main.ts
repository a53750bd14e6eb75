import { writeSync } from 'node:fs';
import { CommanderError } from 'commander';
import { isUserError, systemReason } from './errors.js';
import { EXIT, printError, printUserError } from './output.js';
import { createProgram } from './program.js';

/** The one top-level error handler: user mistakes are one line and a hint; bugs keep their stack. */
async function main(argv: string[]): Promise<void> {
  endQuietlyWhenReaderLeaves('stdout');
  endQuietlyWhenReaderLeaves('stderr');
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
  const refused = machineRefusal(error);
  if (refused) {
    printError(refused, 'check the folder\'s permissions and free space, then try again');
    return EXIT.failure;
  }
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  printError('this is a bug in wasi-kit', 'please report it with the output above at https://github.com/wasi-kit/wasi-kit/issues');
  return EXIT.internal;
}

/**
 * What the machine refused (no permission, a read-only or full disk, no fds left) is the user's to
 * change, not a wasi-kit bug, wherever a command met it: one line, as cargo says "Permission denied".
 */
const MACHINE_REFUSALS = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'EMFILE', 'ENFILE', 'EIO']);

function machineRefusal(error: unknown): string | undefined {
  const { code, syscall, path } = (error ?? {}) as NodeJS.ErrnoException;
  if (code === undefined || !MACHINE_REFUSALS.has(code) || syscall === undefined) return undefined;
  return `${syscall}${path === undefined ? '' : ` ${path}`}: ${systemReason(error as NodeJS.ErrnoException)} (${code})`;
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
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
      // Output that cannot be written at all (a full disk, /dev/full): said on stderr, if that can take it.
      if (name === 'stdout') {
        try {
          writeSync(2, `error: cannot write to stdout: ${machineRefusal(error) ?? error.message}\n`);
        } catch {
          // stderr is gone too: the exit code is all that is left.
        }
      }
      process.exit(EXIT.failure);
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
