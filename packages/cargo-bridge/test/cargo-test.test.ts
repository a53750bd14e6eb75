import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runTests } from '../src/cargo-test.js';
import { findToolchain, type WasiToolchain } from '../src/toolchain.js';
import { copyFixture, tempDir } from './helpers/fixtures.js';
import { nodeWasiRunner } from './helpers/node-wasi-runner.js';

const RUNNER = fileURLToPath(new URL('./helpers/wasm-runner.mjs', import.meta.url));

let toolchain: WasiToolchain;
let dir: string;
beforeAll(async () => {
  toolchain = await findToolchain();
  dir = copyFixture('workspace');
});

describe('runTests', () => {
  it('runs a package\'s tests for WASI through the runner, with features', async () => {
    const run = await runTests({ cwd: dir, toolchain, runner: [process.execPath, RUNNER], packages: ['greet'], features: ['loud'], stdio: 'pipe' });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('test tests::greets_by_name ... ok');
    expect(run.stderr).toMatch(/Running unittests src\/lib\.rs \(.*\.wasm\)/);
    expect(run.target).toBe(toolchain.target);
  });

  it('a runner whose path has a space runs as it is, and a filter reaches the harness', async () => {
    const spaced = path.join(tempDir('runner'), 'with space');
    mkdirSync(spaced);
    copyFileSync(RUNNER, path.join(spaced, 'runner.mjs'));
    const run = await runTests({ cwd: dir, toolchain, runner: [process.execPath, path.join(spaced, 'runner.mjs')], packages: ['greet'], testArgs: ['no_such_test'], stdio: 'pipe' });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/0 passed; 0 failed; 0 ignored; 0 measured; [1-9]\d* filtered out/);
    expect(run).toMatchObject({ passed: 0, failed: 0 });
  });

  it('a failing runner makes a non-zero exit code, not an exception', async () => {
    const run = await runTests({ cwd: dir, toolchain, runner: ['false'], packages: ['greet'], stdio: 'pipe' });
    expect(run.exitCode).not.toBe(0);
  });
});

describe('runTests isolates every test in its own instance', () => {
  let failing: string;
  let run: Awaited<ReturnType<typeof runTests>>;
  // In-process instances: the command runner is covered above, and a process per test is slow here.
  const runBinary = nodeWasiRunner();
  beforeAll(async () => {
    failing = copyFixture('failing-tests');
    run = await runTests({ cwd: failing, toolchain, runBinary, stdio: 'pipe', cargoArgs: ['--no-fail-fast'] });
  });

  it('a panic fails its own test only: the tests after it run, and the exit code is 101', () => {
    expect(run.exitCode).toBe(101);
    expect(run.stdout).toContain('test tests::a_passes ... ok');
    expect(run.stdout).toContain('test tests::b_panics_with_a_message ... FAILED');
    expect(run.stdout).toContain('test tests::c_runs_after_the_panic ... ok');
    expect(run.stdout).toContain('test tests::d_is_ignored ... ignored');
    expect(run.stdout).toContain('test result: FAILED. 2 passed; 4 failed; 1 ignored; 0 measured; 0 filtered out');
  });

  it('shows a failing test\'s own output and assertion message, and a passing test\'s output not at all', () => {
    const failure = run.stdout.slice(run.stdout.indexOf('---- tests::b_panics_with_a_message stdout ----'));
    expect(failure).toMatch(/^---- tests::b_panics_with_a_message stdout ----\nprinted before the panic\n/);
    expect(failure).toContain('double is broken');
    expect(run.stdout).toContain('---- tests::e_exits stdout ----\nnote: the test exited with code 3 before libtest reported a result');
    expect(run.stdout).toContain('returned an error');
    expect(run.stdout).not.toContain('output of a passing test');
    expect(run.stdout).not.toContain('an ignored test ran');
  });

  it('runs the integration tests and a harness = false test as cargo does, and counts them all', () => {
    expect(run.stdout).toContain('test doubles_from_outside ... ok');
    expect(run.stdout).toContain('plain test ran with []');
    expect(run.stderr.indexOf('Running tests/api.rs')).toBeGreaterThan(run.stderr.indexOf('Running unittests src/lib.rs'));
    expect(run).toMatchObject({ passed: 4, failed: 4, ignored: 1, rerun: ['-p failing-tests --lib'] });
  });

  it('stops after the first failing binary unless --no-fail-fast, as cargo does', async () => {
    const fast = await runTests({ cwd: failing, toolchain, runBinary, stdio: 'pipe' });
    expect(fast.exitCode).toBe(101);
    expect(fast.binaries).toHaveLength(1);
    expect(fast.stdout).not.toContain('doubles_from_outside');
  });

  it('passes filters, --ignored and --nocapture to the harness', async () => {
    const filtered = await runTests({ cwd: failing, toolchain, runBinary, stdio: 'pipe', cargoArgs: ['--lib'], testArgs: ['c_runs', '--nocapture'] });
    expect(filtered.exitCode, filtered.stdout).toBe(0);
    expect(filtered.stdout).toContain('output of a passing test\ntest tests::c_runs_after_the_panic ... ok');
    expect(filtered.stdout).toContain('1 passed; 0 failed; 0 ignored; 0 measured; 6 filtered out');
    const ignored = await runTests({ cwd: failing, toolchain, runBinary, stdio: 'pipe', cargoArgs: ['--lib'], testArgs: ['--ignored'] });
    expect(ignored.exitCode).toBe(101);
    expect(ignored.stdout).toContain('test tests::d_is_ignored ... FAILED');
    expect(ignored.stdout).toContain('an ignored test ran');
  });
});
