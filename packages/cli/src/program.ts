import { Command } from 'commander';
import { registerBuild } from './commands/build.js';
import { registerDev } from './commands/dev.js';
import { registerInspect } from './commands/inspect.js';
import { registerNew } from './commands/new.js';
import { registerRun } from './commands/run.js';

export function createProgram(): Command {
  const program = new Command('wasi-kit')
    .description('Rust to WASI: scaffold, build, and run in a capability sandbox')
    .version(VERSION, '-V, --version')
    .showHelpAfterError()
    .exitOverride();
  registerNew(program);
  registerBuild(program);
  registerRun(program);
  registerInspect(program);
  registerDev(program);
  for (const command of program.commands) command.exitOverride().showHelpAfterError();
  return program;
}

const VERSION = '0.1.0';
