import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import { loadCargoBridge } from '../packages.js';
import { paint, printStatus } from '../output.js';
import { configuredTarget } from '../project/config.js';

interface TestCommandOptions {
  release?: boolean;
  package: string[];
  features?: string;
}

/** This CLI's own bin: the runner works without wasi-kit on PATH. */
const CLI_BIN = fileURLToPath(new URL('../../bin/wasi-kit.js', import.meta.url));

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerTest(program: Command): void {
  program
    .command('test')
    .description('run the crate\'s tests for WASI: cargo test --target <wasi>, each test binary run by wasi-kit run --dir=.')
    .argument('[args...]', 'arguments for the test harness: a test name filter, or -- --nocapture')
    .option('-r, --release', 'build the tests with the release profile')
    .addOption(new Option('-p, --package <name>', 'test only this package of the workspace (repeatable)').default([]).argParser(collect))
    .option('--features <list>', 'comma-separated features to enable')
    .addHelpText(
      'after',
      [
        '',
        'The tests run in the wasi-kit sandbox with the package folder granted as "." (--dir=.).',
        'The exit code is cargo\'s: 0 when every test passed, 101 when one failed.',
        '',
        'Examples:',
        '  $ wasi-kit test',
        '  $ wasi-kit test lists_the_folder',
        '  $ wasi-kit test -p app -- --nocapture',
      ].join('\n'),
    )
    .action(async (args: string[], options: TestCommandOptions) => {
      const { runTests } = await loadCargoBridge();
      const run = await runTests({
        cwd: process.cwd(),
        runner: [process.execPath, CLI_BIN, 'run', '--dir=.', '--'],
        release: options.release,
        packages: options.package,
        features: options.features?.split(',').filter(Boolean),
        testArgs: args,
        target: configuredTarget(process.cwd()),
      });
      if (run.exitCode !== 0) {
        printStatus(paint('red', `tests failed (cargo test --target ${run.target} exited ${run.exitCode})`));
        // wasm32 aborts on panic, so libtest's captured output of the failing test is lost with the process.
        if (!args.includes('--nocapture')) printStatus(paint('dim', 'a panicking test ends the whole wasm test binary; to see its message: wasi-kit test -- --nocapture'));
      }
      process.exitCode = run.exitCode;
    });
}
