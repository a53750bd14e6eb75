import { styleText } from 'node:util';

/** Exit codes wasi-kit itself uses; a guest's own exit code is passed through unchanged. */
export const EXIT = {
  ok: 0,
  /** A build failed, or the input was wrong in a way the message explains. */
  failure: 1,
  /** The command line itself was wrong (unknown command or option). */
  usage: 2,
  /** An unexpected internal error: a wasi-kit bug. */
  internal: 70,
} as const;

type Style = Parameters<typeof styleText>[0];

/** Colour only on a TTY and never with NO_COLOR (https://no-color.org). */
export function useColour(stream: NodeJS.WriteStream = process.stderr): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '') && process.env.TERM !== 'dumb';
}

export function paint(style: Style, text: string, stream: NodeJS.WriteStream = process.stderr): string {
  return useColour(stream) ? styleText(style, text) : text;
}

export function printError(message: string, hint?: string): void {
  process.stderr.write(`${paint('red', 'error:')} ${message}\n`);
  if (hint) process.stderr.write(`${paint('dim', 'hint:')} ${hint}\n`);
}

export function printStatus(message: string): void {
  process.stderr.write(`${message}\n`);
}
