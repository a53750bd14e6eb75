import path from 'node:path';
import type { Command } from 'commander';
import { WasiKitError } from '../errors.js';
import { EXIT, paint, printStatus } from '../output.js';
import { askProjectName } from '../scaffold/ask-name.js';
import { crateNameProblem } from '../scaffold/cargo-toml.js';
import { pickTemplate } from '../scaffold/pick-template.js';
import { assertWritableTarget, scaffold } from '../scaffold/scaffold.js';
import { DEFAULT_TEMPLATE, describeTemplate, listTemplates, templateDir } from '../scaffold/templates.js';

interface NewOptions {
  template?: string;
}

/** The command to type after `cd NAME`, where `wasi-kit dev --dir=.` alone would not do. */
const NEXT: Record<string, string> = {
  sizer: 'wasi-kit dev --dir=. -- .',
  wat: 'wasi-kit run writer.wat',
  'ts-host': 'npm install && npm start',
  workspace: 'wasi-kit dev --bin greet -- Ada',
};

export function registerNew(program: Command): void {
  const templates = listTemplates();
  program
    .command('new')
    .description('create a Rust project for WASI from a template')
    .argument('[name]', 'folder to create (or `.` for this one); its last part becomes the crate name. Asked on a terminal')
    .option('-t, --template <template>', `template to copy: ${templates.join(', ')} (asked on a terminal; ${DEFAULT_TEMPLATE} otherwise)`)
    .addHelpText(
      'after',
      [
        '',
        'Templates:',
        ...templates.map((name) => `  ${name.padEnd(10)} ${describeTemplate(name)}`),
        '',
        'Examples:',
        '  $ wasi-kit new my-tool                   # asks which template on a terminal',
        '  $ wasi-kit new greeter --template hello',
        '  $ wasi-kit new tools/lister -t sizer',
        '  $ mkdir lister && cd lister && git init && wasi-kit new .',
      ].join('\n'),
    )
    .action((name: string | undefined, options: NewOptions) => newProject(name, options));
}

/** What to pass when NAME is missing or empty. */
const NAME_HINT = 'wasi-kit new my-tool   (or `wasi-kit new .` for this folder)';

export async function newProject(givenName: string | undefined, options: NewOptions): Promise<void> {
  const templates = listTemplates();
  if (options.template !== undefined && !templates.includes(options.template)) {
    throw new WasiKitError(`unknown template "${options.template}"`, { hint: `choose one of: ${templates.join(', ')}` });
  }
  const name = givenName ?? (await askName());
  // "" is not ".": an unset variable in `wasi-kit new "$NAME"` must not scaffold into the folder it runs in.
  if (name.trim() === '') throw new WasiKitError('wasi-kit new was given an empty NAME', { hint: NAME_HINT, exitCode: EXIT.usage });
  const targetDir = path.resolve(name);
  const crateName = path.basename(targetDir);
  const problem = crateNameProblem(crateName);
  if (problem) throw new WasiKitError(`"${crateName}" cannot be a crate name: ${problem}`, { hint: 'pick a name like my-tool' });

  assertWritableTarget(targetDir);
  // Ask only when a person can answer; scripts and CI get the default without hanging.
  const template = options.template ?? (process.stdin.isTTY ? await pickTemplate(templates) : DEFAULT_TEMPLATE);
  scaffold({ templateDir: templateDir(template), templateName: template, targetDir, crateName });

  const shown = path.relative(process.cwd(), targetDir) || '.';
  printStatus(`${paint('green', 'Created')} ${shown === '.' ? crateName : shown} from the ${template} template. Next:`);
  if (shown !== '.') printStatus(`  cd ${shown}`);
  printStatus(`  ${NEXT[template] ?? 'wasi-kit dev --dir=.'}`);
}

/** On a terminal, ask; in a script, a missing NAME is a wrong command line, said in one line. */
async function askName(): Promise<string> {
  if (process.stdin.isTTY) return askProjectName('wasi-project');
  throw new WasiKitError('wasi-kit new needs a NAME when it cannot ask (stdin is not a terminal)', { hint: NAME_HINT, exitCode: EXIT.usage });
}
