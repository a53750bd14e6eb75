import { CargoBridgeError } from './errors.js';

/**
 * libtest's command line and output, as far as running one test per instance needs them
 * (https://doc.rust-lang.org/rustc/tests/index.html#cli-arguments). A panicking test aborts a
 * wasm test binary (panic=abort), so each test runs in its own instance, as cargo-nextest does.
 */

/** The harness arguments `wasi-kit test` accepts (after `--`, or its positionals), sorted by use. */
export interface HarnessArgs {
  /** Name filters: a test runs when its name contains one (equals one with `exact`). */
  filters: string[];
  skip: string[];
  exact: boolean;
  /** `default` runs the tests not marked `#[ignore]`; `only` is `--ignored`; `include` is `--include-ignored`. */
  ignored: 'default' | 'only' | 'include';
  /** Print each test's output, passing ones too, as it finishes. */
  nocapture: boolean;
  /** Print the output of passing tests in a `successes:` block at the end, as libtest does. */
  showOutput: boolean;
  /** One character per test (`-q`, `--format terse`). */
  quiet: boolean;
  /** `--list`: list the tests, run nothing (the arguments go to the binary as given). */
  list: boolean;
  /** How many test instances run at once; `--test-threads`, else this machine's parallelism. */
  testThreads: number | undefined;
  /** Arguments passed on to every run of the binary as they are (`--color`, `--exclude-should-panic`, …). */
  passThrough: string[];
}

const VALUE_OPTIONS = new Set(['--skip', '--test-threads', '--format', '--color', '--logfile', '-Z', '--shuffle-seed']);
/** Flags that mean the same in a one-test run, so each run gets them. */
const RUN_FLAGS = new Set(['--exclude-should-panic', '--force-run-in-process', '--report-time', '--ensure-time', '--test', '--shuffle']);
const HELP_HINT = 'wasi-kit test runs each test in its own instance; it takes filters, --exact, --skip, --ignored, --include-ignored, --nocapture, --show-output, --test-threads, -q, --list';

/** Reads the harness arguments; a flag that cannot work one test per instance is refused with a hint. */
export function parseHarnessArgs(args: string[]): HarnessArgs {
  const parsed: HarnessArgs = { filters: [], skip: [], exact: false, ignored: 'default', nocapture: false, showOutput: false, quiet: false, list: false, testThreads: undefined, passThrough: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    let value: string | undefined = eq > 0 ? arg.slice(eq + 1) : undefined;
    if (VALUE_OPTIONS.has(flag) && value === undefined) {
      value = args[++i];
      if (value === undefined) throw new CargoBridgeError(`test harness option ${flag} needs a value`, { hint: `for example ${flag === '--skip' ? '--skip slow_' : flag === '--test-threads' ? '--test-threads 1' : `${flag} …`}` });
    }
    if (!flag.startsWith('-') || flag === '-') parsed.filters.push(arg);
    else if (flag === '--skip') parsed.skip.push(value!);
    else if (flag === '--exact') parsed.exact = true;
    else if (flag === '--ignored') parsed.ignored = 'only';
    else if (flag === '--include-ignored') parsed.ignored = 'include';
    else if (flag === '--nocapture' || flag === '--no-capture') parsed.nocapture = true;
    else if (flag === '--show-output') parsed.showOutput = true;
    else if (flag === '-q' || flag === '--quiet') parsed.quiet = true;
    else if (flag === '--list') parsed.list = true;
    else if (flag === '--test-threads') parsed.testThreads = positiveInteger(value!);
    else if (flag === '--format') {
      if (value === 'terse') parsed.quiet = true;
      else if (value !== 'pretty') throw new CargoBridgeError(`--format ${value} is not supported by wasi-kit test`, { hint: 'use --format pretty or terse (-q); json and junit are unstable libtest formats' });
    } else if (flag === '--color') parsed.passThrough.push(`--color=${value}`);
    else if (RUN_FLAGS.has(flag)) parsed.passThrough.push(arg);
    else if (flag === '--bench') throw new CargoBridgeError('wasi-kit test does not run benchmarks', { hint: 'benchmarks are not run under WASI; run them natively with cargo bench' });
    else throw new CargoBridgeError(`unknown test harness option ${arg}`, { hint: HELP_HINT });
  }
  return parsed;
}

function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new CargoBridgeError(`--test-threads ${text}: expected a whole number of at least 1`, { hint: 'for example --test-threads 1 to run one test at a time' });
  return value;
}

/** The arguments that make the binary list the tests these harness arguments select. */
export function listArgs(harness: HarnessArgs, filtered = true): string[] {
  return [
    '--list',
    '--format',
    'terse',
    ...(harness.ignored === 'only' ? ['--ignored'] : []),
    ...(filtered ? [...(harness.exact ? ['--exact'] : []), ...harness.skip.flatMap((name) => ['--skip', name]), ...harness.filters] : []),
  ];
}

/** The arguments that run exactly one test, its output uncaptured so it survives an abort. */
export function runOneArgs(harness: HarnessArgs, name: string): string[] {
  const ignored = harness.ignored === 'only' ? ['--ignored'] : harness.ignored === 'include' ? ['--include-ignored'] : [];
  return ['--exact', name, '--nocapture', '--test-threads', '1', ...ignored, ...harness.passThrough];
}

/** `--list --format terse` lines (`name: test`, `name: benchmark`) → the test names. */
export function parseTestList(stdout: string): string[] {
  const names: string[] = [];
  for (const line of stdout.split('\n')) {
    const match = /^(.+): test$/.exec(line.trimEnd());
    if (match) names.push(match[1]!);
  }
  return names;
}

export type TestOutcome = 'ok' | 'FAILED' | 'ignored';

/** How one single-test run ended: libtest's own verdict when it printed one, else the crash. */
export function outcomeOf(exitCode: number, stdout: string): TestOutcome {
  const summary = /^test result: \w+\. (\d+) passed; (\d+) failed; (\d+) ignored;/m.exec(stdout);
  if (summary) {
    if (summary[2] !== '0') return 'FAILED';
    if (summary[1] === '0' && summary[3] !== '0') return 'ignored';
    return exitCode === 0 ? 'ok' : 'FAILED';
  }
  // No summary: the test aborted (a panic traps), exited, or the runner failed.
  return exitCode === 0 ? 'ok' : 'FAILED';
}

/** An ignored test's reason, from libtest's `test NAME ... ignored, REASON` line. */
export function ignoreReason(stdout: string): string | undefined {
  return /\.\.\. ignored, (.+)$/m.exec(stdout)?.[1];
}

/**
 * The test's own stdout, without libtest's frame around it (`running 1 test`, `test NAME ... `,
 * the verdict, the failures list and the summary). A failure's `---- NAME stdout ----` section
 * (a returned `Err`, a should_panic that did not) is kept: it explains the failure.
 */
export function testOutput(stdout: string, name: string): string {
  let text = stdout.replace(/^\n?running \d+ tests?\n/, '');
  const start = new RegExp(`^test ${escapeRegExp(name)}(?: - should panic)? \\.\\.\\. `);
  text = text.replace(start, '');
  const summary = text.search(/(?:^|\n)(?:ok|FAILED|ignored[^\n]*)\n\n(?:failures:\n|test result: )/);
  if (summary === -1) return text;
  const tail = text.slice(summary);
  const detail = /\nfailures:\n\n---- .+ stdout ----\n([\s\S]*?)\n*\nfailures:\n/.exec(tail)?.[1] ?? '';
  const own = text.slice(0, summary + (text[summary] === '\n' ? 1 : 0));
  return own + (detail === '' ? '' : `${detail}\n`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether a test binary speaks libtest's protocol: libtest (and libtest-mimic) carry its option names. */
export function usesTestHarness(wasm: Uint8Array): boolean {
  return Buffer.from(wasm.buffer, wasm.byteOffset, wasm.byteLength).includes('include-ignored');
}
