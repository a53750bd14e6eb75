import path from 'node:path';
import type { Command } from 'commander';
import { paint, printStatus } from '../output.js';
import { adoptCrate } from '../scaffold/adopt.js';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('add wasi-kit to an existing crate: the cargo runner and [package.metadata.wasi-kit]')
    .argument('[path]', 'folder of the crate', '.')
    .addHelpText(
      'after',
      [
        '',
        'Writes .cargo/config.toml (runner = "wasi-kit run --dir=. --" for both WASI targets) and a',
        '[package.metadata.wasi-kit] table in Cargo.toml. What is already there is kept; a second run changes nothing.',
        '',
        'Examples:',
        '  $ wasi-kit init',
        '  $ wasi-kit init crates/greet',
        '  $ cargo new tool && cd tool && wasi-kit init',
      ].join('\n'),
    )
    .action((folder: string) => {
      const dir = path.resolve(folder);
      const steps = adoptCrate(dir);
      for (const step of steps) printStatus(`${step.changed ? paint('green', 'Updated') : paint('dim', 'Kept')} ${step.file}: ${step.what}`);
      printStatus(`Next${dir === process.cwd() ? '' : ` (in ${path.relative(process.cwd(), dir)})`}: wasi-kit dev --dir=.`);
    });
}
