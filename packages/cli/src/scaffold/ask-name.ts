import { createInterface } from 'node:readline';
import { paint } from '../output.js';
import { cancelled } from './pick-template.js';

/** Asks for the project's folder name on a terminal (Enter takes `fallback`); Ctrl-C or Ctrl-D cancel. */
export async function askProjectName(fallback: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  const readline = createInterface({ input, output, terminal: true });
  return new Promise((resolve, reject) => {
    let answered = false;
    readline.on('SIGINT', () => {
      answered = true;
      readline.close();
      output.write('\n');
      reject(cancelled('interrupt'));
    });
    readline.on('close', () => {
      if (answered) return;
      output.write('\n');
      reject(cancelled('end-of-input'));
    });
    readline.question(`${paint('bold', 'Project name:', output)} ${paint('dim', `(${fallback})`, output)} `, (answer) => {
      answered = true;
      readline.close();
      resolve(answer.trim() || fallback);
    });
  });
}
