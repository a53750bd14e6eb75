import { emitKeypressEvents } from 'node:readline';
import { WasiKitError } from '../errors.js';
import { EXIT, paint } from '../output.js';
import { describeTemplate } from './templates.js';

interface Key {
  name?: string;
  ctrl?: boolean;
  sequence?: string;
}

/**
 * Asks which template to use on a terminal, as create-vite does: ↑/↓ (or k/j) move, Enter picks,
 * a digit picks that line. Ctrl-C, Ctrl-D and Esc cancel with nothing created. Raw mode means
 * arrow keys are read as keys, never echoed as escape codes.
 */
export async function pickTemplate(templates: string[], input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  const width = Math.max(...templates.map((name) => name.length));
  let selected = 0;
  const draw = (first: boolean) => {
    if (!first) output.write(`\x1b[${templates.length}A`);
    templates.forEach((name, index) => {
      const line = `${index + 1}) ${name.padEnd(width)}  ${describeTemplate(name)}`;
      output.write(`\r\x1b[K${index === selected ? paint('cyan', `❯ ${line}`, output) : paint('dim', `  ${line}`, output)}\n`);
    });
  };
  // Raw mode before the first line is drawn, so no key typed after it is echoed by the terminal.
  const answer = readKeys(input, (pressed) => {
    if (pressed.name === 'up' || pressed.name === 'k') selected = (selected + templates.length - 1) % templates.length;
    else if (pressed.name === 'down' || pressed.name === 'j' || pressed.name === 'tab') selected = (selected + 1) % templates.length;
    else if (pressed.sequence && /^[1-9]$/.test(pressed.sequence) && Number(pressed.sequence) <= templates.length) {
      selected = Number(pressed.sequence) - 1;
      return 'done';
    } else if (pressed.name === 'return' || pressed.name === 'enter') return 'done';
    else return undefined;
    draw(false);
    return undefined;
  });
  output.write(`${paint('bold', 'Which template?', output)} ${paint('dim', '(↑/↓ and Enter, or a number; Esc cancels)', output)}\n`);
  draw(true);
  const key = await answer;
  if (key === 'done') {
    draw(false);
    return templates[selected] as string;
  }
  throw cancelled(key);
}

/** Why a prompt ended without an answer. */
export type Cancel = 'interrupt' | 'end-of-input';

export function cancelled(reason: Cancel): WasiKitError {
  return new WasiKitError('cancelled; nothing was created', { exitCode: reason === 'interrupt' ? EXIT.interrupted : EXIT.failure });
}

/** Feeds keypresses to `onKey` in raw mode until it answers 'done' or the user cancels; restores the terminal. */
function readKeys(input: NodeJS.ReadStream, onKey: (key: Key) => 'done' | undefined): Promise<'done' | Cancel> {
  emitKeypressEvents(input);
  const wasRaw = input.isRaw;
  input.setRawMode?.(true);
  input.resume();
  return new Promise((resolve) => {
    const finish = (result: 'done' | Cancel) => {
      input.off('keypress', listener);
      input.off('end', onEnd);
      input.setRawMode?.(wasRaw);
      input.pause();
      resolve(result);
    };
    const onEnd = () => finish('end-of-input');
    const listener = (_text: string | undefined, key: Key = {}) => {
      if (key.ctrl && key.name === 'c') return finish('interrupt');
      if ((key.ctrl && key.name === 'd') || key.name === 'escape') return finish('end-of-input');
      if (onKey(key) === 'done') finish('done');
    };
    input.on('keypress', listener);
    input.once('end', onEnd);
  });
}
