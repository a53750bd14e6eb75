import path from 'node:path';
import type { Command } from 'commander';
import { WasiKitError } from '../errors.js';
import { paint, printStatus } from '../output.js';
import { crateNameProblem } from '../scaffold/cargo-toml.js';
import { scaffold } from '../scaffold/scaffold.js';
import { listTemplates, templateDir } from '../scaffold/templates.js';

interface NewOptions {
  template?: string;
}

export function registerNew(program: Command): void {
  program
    .command('new')
    .description('create a Rust project for WASI from a template')
    .argument('<name>', 'folder to create; its last part becomes the crate name')
    .option('-t, --template <template>', 'template to copy', 'sizer')
    .addHelpText('after', '\nExamples:\n  $ wasi-kit new sizer\n  $ wasi-kit new tools/lister --template sizer')
    .action((name: string, options: NewOptions) => newProject(name, options));
}

export function newProject(name: string, options: NewOptions): void {
  const templates = listTemplates();
  const template = options.template ?? 'sizer';
  if (!templates.includes(template)) {
    throw new WasiKitError(`unknown template "${template}"`, { hint: `choose one of: ${templates.join(', ')}` });
  }
  const targetDir = path.resolve(name);
  const crateName = path.basename(targetDir);
  const problem = crateNameProblem(crateName);
  if (problem) throw new WasiKitError(`"${crateName}" cannot be a crate name: ${problem}`, { hint: 'pick a name like my-tool' });

  scaffold({ templateDir: templateDir(template), templateName: template, targetDir, crateName });

  const shown = path.relative(process.cwd(), targetDir) || '.';
  printStatus(`${paint('green', 'Created')} ${shown} from the ${template} template. Next:`);
  printStatus(`  cd ${shown}`);
  printStatus('  wasi-kit build');
}
