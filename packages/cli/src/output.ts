import { styleText } from 'node:util';
import { printable, type UserError } from '@wasi-kit/errors';

/** Exit codes wasi-kit itself uses (one table for every package); a guest's own is passed through. */
export { EXIT } from '@wasi-kit/errors';

type Style = Parameters<typeof styleText>[0];

/** Colour only on a TTY and never with NO_COLOR (https://no-color.org). */
export function useColour(stream: NodeJS.WriteStream = process.stderr): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '') && process.env.TERM !== 'dumb';
}

export function paint(style: Style, text: string, stream: NodeJS.WriteStream = process.stderr): string {
  return useColour(stream) ? styleText(style, text, { validateStream: false }) : text;
}

/**
 * `error: message` and `hint: hint`, each one line: text that came from a module (an export's name,
 * V8's message quoting it) cannot break the line, forge another or drive the terminal.
 */
export function printError(message: string, hint?: string): void {
  process.stderr.write(`${paint('red', 'error:')} ${printable(message)}\n`);
  if (hint) process.stderr.write(`${paint('dim', 'hint:')} ${printable(hint)}\n`);
}

/** A user error as the CLI shows it: its details (cargo's own rendered errors) as given, then the line and hint. */
export function printUserError(error: UserError): void {
  const details = error.details;
  if (details !== undefined && details !== '') process.stderr.write(details.endsWith('\n') ? details : `${details}\n`);
  printError(error.message, error.hint);
}

export function printStatus(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Machine-readable output for npm scripts: one JSON document on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** `850ms` under a second, `1.42s` above: short enough for one status line. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(2)}s`;
}

export interface Progress {
  stop(): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * A spinner line on stderr while something slow runs, on a TTY only: in a pipe or a CI log it
 * would be noise, so there it prints nothing at all.
 */
export function startProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || process.env.TERM === 'dumb') return { stop() {} };
  const started = performance.now();
  let frame = 0;
  const draw = () => {
    const elapsed = formatDuration(performance.now() - started);
    stream.write(`\r${paint('cyan', FRAMES[frame++ % FRAMES.length] as string, stream)} ${label} ${paint('dim', elapsed, stream)}\x1b[K`);
  };
  draw();
  const timer = setInterval(draw, 80);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      stream.write('\r\x1b[K');
    },
  };
}
