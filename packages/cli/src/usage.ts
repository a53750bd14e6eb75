import type { Command } from 'commander';

/**
 * A wrong command line in cargo's shape: the error, the suggestion as a tip, the usage line and
 * one pointer to `--help`. The whole help would push the suggestion off the screen.
 */
export function usageError(command: Command, commanderMessage: string): string {
  const lines = commanderMessage.trimEnd().split('\n');
  const error = lines.filter((line) => !/^\(Did you mean .*\?\)$/.test(line)).join('\n');
  const suggestion = /\(Did you mean (.*)\?\)/.exec(commanderMessage)?.[1];
  const kind = error.includes('unknown command') ? 'command' : 'option';
  const ownTip = commandTips.get(command)?.(error);
  const path = commandPath(command);
  return [
    error,
    ...(suggestion ? ['', `  tip: a similar ${kind} exists: '${suggestion}'`] : []),
    ...(ownTip ? ['', `  tip: ${ownTip}`] : []),
    '',
    `Usage: ${path} ${command.usage()}`,
    '',
    `For more information, try '${path} --help'.`,
    '',
  ].join('\n');
}

const commandTips = new WeakMap<Command, (error: string) => string | undefined>();

/** A command's own tip for a wrong command line, given commander's `error: …` line (run: guest options). */
export function addUsageTip(command: Command, tip: (error: string) => string | undefined): void {
  commandTips.set(command, tip);
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current; current = current.parent) names.unshift(current.name());
  return names.join(' ');
}

/** The terminal's width for help on a TTY; 80 columns in a pipe, as commander does. */
export function helpWidth(stream: NodeJS.WriteStream): number {
  return stream.isTTY && stream.columns > 0 ? stream.columns : 80;
}

/**
 * Wraps help prose that is wider than the terminal at spaces, keeping each line's indent.
 * Commander wraps its own option and command lists; this catches the `addHelpText` paragraphs.
 * Example command lines (`  $ wasi-kit …`) stay whole so they can be copied.
 */
export function wrapHelp(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => (line.length <= width || /^\s*\$ /.test(line) ? line : wrapLine(line, width)))
    .join('\n');
}

function wrapLine(line: string, width: number): string {
  const indent = /^\s*/.exec(line)?.[0] ?? '';
  const words = line.slice(indent.length).split(/ +/);
  const wrapped: string[] = [];
  let current = indent;
  for (const word of words) {
    if (current.trim() !== '' && current.length + 1 + word.length > width) {
      wrapped.push(current);
      current = indent + word;
    } else {
      current = current.trim() === '' ? indent + word : `${current} ${word}`;
    }
  }
  wrapped.push(current);
  return wrapped.join('\n');
}
