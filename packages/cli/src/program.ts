import { Command } from 'commander';
import { registerBuild } from './commands/build.js';
import { registerDev } from './commands/dev.js';
import { registerDoctor } from './commands/doctor.js';
import { registerInit } from './commands/init.js';
import { registerInspect } from './commands/inspect.js';
import { registerNew } from './commands/new.js';
import { registerRun } from './commands/run.js';
import { registerTest } from './commands/test.js';
import { helpWidth, usageError, wrapHelp } from './usage.js';

const COMMANDS = {
  new: registerNew,
  build: registerBuild,
  run: registerRun,
  inspect: registerInspect,
  dev: registerDev,
  doctor: registerDoctor,
  test: registerTest,
  init: registerInit,
} satisfies Record<string, (program: Command) => void>;

/**
 * The program with every command, or with only `command` when the command line names one: a
 * `wasi-kit run` need not build the options and help of seven others (~5 ms of its start-up).
 * Whatever else the command line holds (help, a misspelt name) gets them all.
 */
export function createProgram(command?: string): Command {
  const program = new Command('wasi-kit')
    .description('Rust to WASI: scaffold, build, and run in a capability sandbox')
    .version(VERSION, '-V, --version')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ wasi-kit new my-tool && cd my-tool',
        '  $ wasi-kit dev --dir=.',
        '  $ wasi-kit run --bin my-tool -- --help',
        '',
        'Exit codes: 0 ok (also dev stopped with Ctrl-C) · 1 build failed or bad input · 2 bad command line',
        '· 70 wasi-kit bug · 124 run --timeout · 134 guest trap · otherwise the guest\'s own exit code.',
        'NO_COLOR turns colour off. Docs: https://github.com/wasi-kit/wasi-kit/tree/main/packages/cli#readme',
      ].join('\n'),
    );
  const only = command !== undefined && Object.hasOwn(COMMANDS, command) ? [COMMANDS[command as keyof typeof COMMANDS]] : Object.values(COMMANDS);
  for (const register of only) register(program);
  for (const command of [program, ...program.commands]) withManners(command);
  return program;
}

/** Errors in cargo's shape (not the whole help), help wrapped to the terminal, main.ts sets the exit code. */
function withManners(command: Command): Command {
  return command.exitOverride().configureOutput({
    writeOut: (text) => process.stdout.write(wrapHelp(text, helpWidth(process.stdout))),
    writeErr: (text) => process.stderr.write(wrapHelp(text, helpWidth(process.stderr))),
    outputError: (text, write) => write(usageError(command, text)),
  });
}

const VERSION = '0.1.0';
