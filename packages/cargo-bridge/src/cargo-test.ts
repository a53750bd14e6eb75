import { BuildCancelled, CargoBridgeError } from './errors.js';
import { spawnCargo } from './spawn-cargo.js';
import type { WasiTarget } from './target.js';
import { findToolchain, type DiscoveryOptions, type WasiToolchain } from './toolchain.js';

export interface TestOptions {
  cwd: string;
  /**
   * The command cargo runs each test `.wasm` with (the wasm path and the harness arguments are
   * appended), e.g. `['node', '/abs/wasi-kit.js', 'run', '--dir=.', '--']`.
   */
  runner: string[];
  release?: boolean;
  packages?: string[];
  features?: string[];
  /** More `cargo test` arguments, before `--`. */
  cargoArgs?: string[];
  /** Arguments for the test harness (after `--`): a name filter, `--nocapture`, … */
  testArgs?: string[];
  toolchain?: WasiToolchain;
  discovery?: DiscoveryOptions;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Default `inherit`: cargo's and the tests' output go straight to this process's. */
  stdio?: 'inherit' | 'pipe';
}

export interface TestRun {
  /** cargo's exit code: 0 when every test passed, 101 when one failed. */
  exitCode: number;
  toolchain: WasiToolchain;
  target: WasiTarget;
  /** Only with `stdio: 'pipe'`. */
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** `CARGO_TARGET_<TRIPLE>_RUNNER`, cargo's per-target runner setting as an environment variable. */
export function runnerVariable(target: WasiTarget): string {
  return `CARGO_TARGET_${target.toUpperCase().replace(/-/g, '_')}_RUNNER`;
}

/**
 * Runs `cargo test --target <wasi>` with the discovered toolchain, each test binary run by
 * `runner`. The runner goes in `CARGO_TARGET_<TRIPLE>_RUNNER`, which cargo splits on spaces; a
 * runner with a space in a word is passed as a TOML array with `--config` instead.
 */
export async function runTests(options: TestOptions): Promise<TestRun> {
  const started = performance.now();
  const env = { ...process.env, ...options.env };
  const toolchain = options.toolchain ?? (await findToolchain({ ...options.discovery, env }));
  if (options.runner.length === 0) throw new CargoBridgeError('runTests: options.runner is empty', { hint: 'pass the command that runs a .wasm, e.g. [\'wasi-kit\', \'run\', \'--dir=.\', \'--\']' });
  const spaced = options.runner.some((word) => /\s/.test(word));
  const runnerEnv = spaced ? {} : { [runnerVariable(toolchain.target)]: options.runner.join(' ') };
  const runnerConfig = spaced ? ['--config', `target.${toolchain.target}.runner=${JSON.stringify(options.runner)}`] : [];
  const args = [
    'test',
    '--target',
    toolchain.target,
    ...runnerConfig,
    ...(options.release ? ['--release'] : []),
    ...(options.packages ?? []).flatMap((name) => ['-p', name]),
    ...(options.features && options.features.length > 0 ? ['--features', options.features.join(',')] : []),
    ...(options.cargoArgs ?? []),
    ...(options.testArgs && options.testArgs.length > 0 ? ['--', ...options.testArgs] : []),
  ];
  const stdio = options.stdio ?? 'inherit';
  const run = await spawnCargo(toolchain.cargo, args, {
    cwd: options.cwd,
    env: { ...env, ...runnerEnv },
    rustc: toolchain.rustc,
    signal: options.signal,
    stdout: stdio,
    stderr: stdio,
  }).done;
  if (options.signal?.aborted) throw new BuildCancelled({ cause: options.signal.reason });
  if (run.exitCode === undefined) throw new CargoBridgeError(`cannot run ${toolchain.cargo}: ${run.shortMessage}`, { cause: run });
  return {
    exitCode: run.exitCode,
    toolchain,
    target: toolchain.target,
    stdout: typeof run.stdout === 'string' ? run.stdout : '',
    stderr: typeof run.stderr === 'string' ? run.stderr : '',
    durationMs: performance.now() - started,
  };
}
