import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runnerVariable, runTests } from '../src/cargo-test.js';
import { findToolchain, type WasiToolchain } from '../src/toolchain.js';
import { copyFixture, tempDir } from './helpers/fixtures.js';

const RUNNER = fileURLToPath(new URL('./helpers/wasm-runner.mjs', import.meta.url));

let toolchain: WasiToolchain;
let dir: string;
beforeAll(async () => {
  toolchain = await findToolchain();
  dir = copyFixture('workspace');
});

describe('runTests', () => {
  it('names the runner variable after the target triple', () => {
    expect(runnerVariable('wasm32-wasip1')).toBe('CARGO_TARGET_WASM32_WASIP1_RUNNER');
    expect(runnerVariable('wasm32-wasi')).toBe('CARGO_TARGET_WASM32_WASI_RUNNER');
  });

  it('runs a package\'s tests for WASI through the runner, with features', async () => {
    const run = await runTests({ cwd: dir, toolchain, runner: [process.execPath, RUNNER], packages: ['greet'], features: ['loud'], stdio: 'pipe' });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('test tests::greets_by_name ... ok');
    expect(run.stderr).toContain(`.wasm`);
    expect(run.target).toBe(toolchain.target);
  });

  it('a runner whose path has a space goes through --config, and harness arguments after --', async () => {
    const spaced = path.join(tempDir('runner'), 'with space');
    mkdirSync(spaced);
    copyFileSync(RUNNER, path.join(spaced, 'runner.mjs'));
    const run = await runTests({ cwd: dir, toolchain, runner: [process.execPath, path.join(spaced, 'runner.mjs')], packages: ['greet'], testArgs: ['no_such_test'], stdio: 'pipe' });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('0 passed; 0 failed; 0 ignored; 0 measured; 1 filtered out');
  });

  it('a failing runner makes a non-zero exit code, not an exception', async () => {
    const run = await runTests({ cwd: dir, toolchain, runner: ['false'], packages: ['greet'], stdio: 'pipe' });
    expect(run.exitCode).not.toBe(0);
  });
});
