import { Option, type Command } from 'commander';
import type { TestRun } from '@wasi-kit/cargo-bridge';
import { loadCargoBridge } from '../packages.js';
import { formatDuration, paint, printStatus } from '../output.js';
import { configuredTarget } from '../project/config.js';
import { backtraceRequested } from '../run/backtrace.js';
import { inProcessTestRunner } from '../run/test-instance.js';

interface TestCommandOptions {
  release?: boolean;
  package: string[];
  features?: string;
  lib?: boolean;
  bin: string[];
  test: string[];
  failFast: boolean;
  workspace?: boolean;
  allFeatures?: boolean;
  defaultFeatures: boolean;
  locked?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerTest(program: Command): void {
  program
    .command('test')
    .description('run the crate\'s tests for WASI, each test in its own sandboxed instance (package folder granted as ".")')
    .argument('[args...]', 'arguments for the test harness: a test name filter, or -- --nocapture / --ignored / --exact …')
    .option('-r, --release', 'build the tests with the release profile')
    .addOption(new Option('-p, --package <name>', 'test only this package of the workspace (repeatable)').default([]).argParser(collect))
    .option('--features <list>', 'comma-separated features to enable')
    .option('--lib', 'test only the library')
    .addOption(new Option('--bin <name>', 'test only this binary (repeatable)').default([]).argParser(collect))
    .addOption(new Option('--test <name>', 'run only this integration test (repeatable)').default([]).argParser(collect))
    .option('--workspace', 'test every package of the workspace')
    .option('--all-features', 'enable every feature')
    .option('--no-default-features', 'do not enable the default feature')
    .option('--locked', 'require Cargo.lock to be up to date')
    .option('--no-fail-fast', 'run every test binary even after one failed')
    // Harness options before `--` (`wasi-kit test --nocapture`) reach the harness too, in order.
    .allowUnknownOption()
    .addHelpText(
      'after',
      [
        '',
        'cargo builds the test binaries; then every test runs alone in a fresh wasm instance with the',
        'package folder granted as "." (a panic aborts a wasm program, so it costs only its own test).',
        'Harness options (after --, or anywhere): --exact, --skip NAME, --ignored, --include-ignored,',
        '--nocapture, --show-output, --test-threads N, -q, --list.',
        'The exit code is cargo\'s: 0 when every test passed, 101 when one failed.',
        '',
        'Examples:',
        '  $ wasi-kit test',
        '  $ wasi-kit test lists_the_folder',
        '  $ wasi-kit test -p app -- --nocapture',
        '  $ wasi-kit test -- --ignored --test-threads 1',
      ].join('\n'),
    )
    .action(async (args: string[], options: TestCommandOptions) => {
      const { parseHarnessArgs, runTests } = await loadCargoBridge();
      // A bad harness option fails in one line before the config is read through cargo.
      parseHarnessArgs(args);
      const run = await runTests({
        cwd: process.cwd(),
        runBinary: inProcessTestRunner({ backtrace: backtraceRequested() }),
        release: options.release,
        packages: options.package,
        features: options.features?.split(',').filter(Boolean),
        cargoArgs: selectionArgs(options),
        testArgs: args,
        target: await configuredTarget(process.cwd()),
      });
      // A listing ran no tests: nothing to count.
      if (!args.includes('--list')) printSummary(run);
      process.exitCode = run.exitCode;
    });
}

/** cargo's target selection, passed through to `cargo test --no-run`. */
function selectionArgs(options: TestCommandOptions): string[] {
  return [
    ...(options.lib ? ['--lib'] : []),
    ...options.bin.flatMap((name) => ['--bin', name]),
    ...options.test.flatMap((name) => ['--test', name]),
    ...(options.workspace ? ['--workspace'] : []),
    ...(options.allFeatures ? ['--all-features'] : []),
    ...(options.defaultFeatures ? [] : ['--no-default-features']),
    ...(options.locked ? ['--locked'] : []),
    ...(options.failFast ? [] : ['--no-fail-fast']),
  ];
}

/** One line counting every binary's tests, and cargo's rerun hint for each that failed. */
function printSummary(run: TestRun): void {
  const counts = `${run.passed} passed; ${run.failed} failed; ${run.ignored} ignored; ${run.filteredOut} filtered out`;
  const binaries = `${run.binaries.length} test binar${run.binaries.length === 1 ? 'y' : 'ies'}`;
  if (run.exitCode === 0) {
    printStatus(paint('green', `tests passed: ${counts} (${binaries}, ${formatDuration(run.durationMs)})`));
    return;
  }
  printStatus(paint('red', `tests failed: ${counts} (${binaries}, ${formatDuration(run.durationMs)})`));
  for (const args of run.rerun) printStatus(`${paint('red', 'error:')} test failed, to rerun pass \`${args}\``);
}
