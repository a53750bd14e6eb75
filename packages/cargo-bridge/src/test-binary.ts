import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { runProcess } from './child-process.js';
import { BuildCancelled } from './errors.js';
import { ignoreReason, listArgs, outcomeOf, parseTestList, runOneArgs, testOutput, usesTestHarness, type HarnessArgs, type TestOutcome } from './libtest.js';

/** What one run of a test binary printed and how it ended. */
export interface BinaryRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * The seam between test isolation and how a `.wasm` is launched: run `wasm` with these harness
 * arguments in `cwd` (the package folder, as cargo runs tests), capturing its output.
 */
export type RunTestBinary = (wasm: string, args: string[], options: { cwd: string; signal?: AbortSignal }) => Promise<BinaryRun>;

/** A `RunTestBinary` for a cargo-style runner command: `[...runner, wasm, ...args]`. */
export function commandRunner(runner: string[], env?: NodeJS.ProcessEnv): RunTestBinary {
  return async (wasm, args, { cwd, signal }) => {
    const [command, ...rest] = runner;
    const run = await runProcess(command!, [...rest, wasm, ...args], { cwd, env: { ...process.env, ...env }, signal });
    return { exitCode: run.exitCode ?? 1, stdout: run.stdout, stderr: run.spawnError || run.signal ? `${run.stderr}${run.shortMessage}\n` : run.stderr };
  };
}

/** wasmtime's (and wasi-kit run's) exit code for a trap, which is how a wasm panic ends. */
const TRAP_EXIT = 134;

export interface TestCounts {
  passed: number;
  failed: number;
  ignored: number;
  filteredOut: number;
}

export interface BinaryReport extends TestCounts {
  wasm: string;
  /** The failing tests' names (for a binary without libtest: its own name). */
  failures: string[];
}

export interface Sink {
  out(text: string): void;
  err(text: string): void;
}

/** One test binary to run, and how. */
export interface TestBinary {
  wasm: string;
  /** The package folder: cargo runs tests there. */
  cwd: string;
  harness: HarnessArgs;
  /** The harness arguments as the user gave them, for a listing or a `harness = false` binary. */
  rawArgs: string[];
  runBinary: RunTestBinary;
  sink: Sink;
  signal?: AbortSignal;
}

interface Finished {
  name: string;
  outcome: TestOutcome;
  run: BinaryRun;
}

/**
 * Runs one test binary as libtest would, but each test in its own instance: lists the tests,
 * runs every one with `--exact NAME`, and prints libtest's report (verdicts, failures with
 * their output, the `test result:` line). A panic costs the test it happened in, nothing more.
 */
export async function runTestBinary(binary: TestBinary): Promise<BinaryReport> {
  const { wasm, cwd, harness, rawArgs, runBinary, sink, signal } = binary;
  const report: BinaryReport = { wasm, passed: 0, failed: 0, ignored: 0, filteredOut: 0, failures: [] };
  const invoke = (args: string[]) => runBinary(wasm, args, { cwd, signal });
  if (harness.list || !usesTestHarness(readFileSync(wasm))) {
    // A listing, or a `harness = false` program: run as cargo runs it, the arguments unchanged.
    const run = await invoke(rawArgs);
    sink.out(run.stdout);
    sink.err(run.stderr);
    if (run.exitCode === 0) report.passed += harness.list ? 0 : 1;
    else report.failures.push(wasm);
    report.failed = report.failures.length;
    return report;
  }

  const started = performance.now();
  const [selected, all] = await Promise.all([invoke(listArgs(harness)), invoke(listArgs(harness, false))]);
  if (selected.exitCode !== 0) {
    sink.err(selected.stdout + selected.stderr);
    report.failed = 1;
    report.failures.push(wasm);
    return report;
  }
  const names = parseTestList(selected.stdout);
  report.filteredOut = Math.max(0, parseTestList(all.stdout).length - names.length);
  sink.out(`\nrunning ${names.length} test${names.length === 1 ? '' : 's'}\n`);

  const finished: Finished[] = [];
  let column = 0;
  await eachConcurrently(names, harness.testThreads ?? availableParallelism(), async (name) => {
    if (signal?.aborted) throw new BuildCancelled({ cause: signal.reason });
    const run = await invoke(runOneArgs(harness, name));
    const outcome = outcomeOf(run.exitCode, run.stdout);
    finished.push({ name, outcome, run });
    if (outcome === 'ok') report.passed++;
    else if (outcome === 'ignored') report.ignored++;
    else report.failures.push(name);
    if (harness.quiet) {
      sink.out(outcome === 'ok' ? '.' : outcome === 'ignored' ? 'i' : 'F');
      if (++column % 88 === 0) sink.out('\n');
      return;
    }
    if (harness.nocapture) sink.out(ownOutput(name, run));
    const reason = outcome === 'ignored' ? ignoreReason(run.stdout) : undefined;
    sink.out(`test ${name} ... ${outcome}${reason ? `, ${reason}` : ''}\n`);
  });
  if (harness.quiet && column % 88 !== 0) sink.out('\n');
  report.failed = report.failures.length;

  const byName = (a: Finished, b: Finished) => (a.name < b.name ? -1 : 1);
  const succeeded = finished.filter((test) => test.outcome === 'ok').sort(byName);
  if (harness.showOutput && !harness.nocapture && succeeded.length > 0) sink.out(section('successes', succeeded));
  const failed = finished.filter((test) => test.outcome === 'FAILED').sort(byName);
  if (failed.length > 0) sink.out(section('failures', harness.nocapture ? [] : failed));
  const verdict = failed.length > 0 ? 'FAILED' : 'ok';
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  sink.out(`\ntest result: ${verdict}. ${report.passed} passed; ${report.failed} failed; ${report.ignored} ignored; 0 measured; ${report.filteredOut} filtered out; finished in ${seconds}s\n\n`);
  return report;
}

/** libtest's `failures:` / `successes:` block: each test's output, then the names. */
function section(title: string, tests: Finished[]): string {
  const outputs = tests.map((test) => `---- ${test.name} stdout ----\n${ownOutput(test.name, test.run)}`).join('\n');
  const names = tests.map((test) => `    ${test.name}\n`).join('');
  return `\n${title}:\n\n${outputs}${outputs === '' ? '' : '\n'}${title}:\n${names}`;
}

/** The test's stdout and stderr (panic message, trap line), without libtest's framing. */
function ownOutput(name: string, run: BinaryRun): string {
  let text = testOutput(run.stdout, name) + run.stderr;
  if (text !== '' && !text.endsWith('\n')) text += '\n';
  // A test that called process::exit leaves no verdict and, often, no output: say what happened.
  if (run.exitCode !== 0 && run.exitCode !== TRAP_EXIT && !/^test result: /m.test(run.stdout)) text += `note: the test exited with code ${run.exitCode} before libtest reported a result\n`;
  return text;
}

async function eachConcurrently<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
