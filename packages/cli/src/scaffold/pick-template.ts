import { paint } from '../output.js';
import { describeTemplate } from './templates.js';

/**
 * Asks which template to use: a numbered list on stderr, an answer on stdin. Enter picks the
 * first; a number or a name picks that one; anything else asks again. Closing stdin (Ctrl-D)
 * picks the default so a script piping into a TTY-less prompt never hangs.
 */
export async function pickTemplate(templates: string[], input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stderr): Promise<string> {
  const width = Math.max(...templates.map((name) => name.length));
  output.write(`${paint('bold', 'Which template?')}\n`);
  templates.forEach((name, index) => output.write(`  ${index + 1}) ${name.padEnd(width)}  ${paint('dim', describeTemplate(name))}\n`));
  // Loaded here, not at start-up: only `new` on a terminal asks.
  const { createInterface } = await import('node:readline/promises');
  const readline = createInterface({ input, output, terminal: false });
  const lines = readline[Symbol.asyncIterator]();
  try {
    for (;;) {
      output.write(`Template [1-${templates.length}, Enter for ${templates[0]}]: `);
      const next = await lines.next();
      if (next.done) return templates[0] as string;
      const answer = String(next.value).trim();
      if (answer === '') return templates[0] as string;
      const byNumber = /^\d+$/.test(answer) ? templates[Number(answer) - 1] : undefined;
      const chosen = byNumber ?? templates.find((name) => name === answer);
      if (chosen) return chosen;
      output.write(`${paint('yellow', `"${answer}" is not one of the templates`)}\n`);
    }
  } finally {
    readline.close();
  }
}
