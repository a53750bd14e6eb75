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
  /** A second Ctrl-C during shutdown (128 + SIGINT); one Ctrl-C stops `dev` cleanly with 0. */
  interrupted: 130,
  /** The guest trapped (wasmtime's code for a trap). */
  trap: 134,
} as const;

type Style = Parameters<typeof styleText>[0];

/** Colour only on a TTY and never with NO_COLOR (https://no-color.org). */
export function useColour(stream: NodeJS.WriteStream = process.stderr): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '') && process.env.TERM !== 'dumb';
}

export function paint(style: Style, text: string, stream: NodeJS.WriteStream = process.stderr): string {
  return useColour(stream) ? styleText(style, text, { validateStream: false }) : text;
}

export function printError(message: string, hint?: string): void {
  process.stderr.write(`${paint('red', 'error:')} ${message}\n`);
  if (hint) process.stderr.write(`${paint('dim', 'hint:')} ${hint}\n`);
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
