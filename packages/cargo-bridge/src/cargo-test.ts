import path from 'node:path';
import { build, type BuildArtifact } from './build.js';
import { BuildCancelled, CargoBridgeError } from './errors.js';
import { parseHarnessArgs } from './libtest.js';
import type { WasiTarget } from './target.js';
import { commandRunner, runTestBinary, type BinaryReport, type RunTestBinary, type Sink, type TestCounts } from './test-binary.js';
import { findToolchain, type DiscoveryOptions, type WasiToolchain } from './toolchain.js';

export interface TestOptions {
  cwd: string;
  /**
   * The command that runs a test `.wasm` (the wasm path and the harness arguments are appended),
   * e.g. `['node', '/abs/wasi-kit.js', 'run', '--dir=.', '--']`; it runs in the package's folder.
   */
  runner?: string[];
  /** Instead of `runner`: launches one instance of a test binary and captures its output. */
  runBinary?: RunTestBinary;
  release?: boolean;
  packages?: string[];
  features?: string[];
  /** More `cargo test` arguments (`--lib`, `--test NAME`, `--no-fail-fast`, …). */
  cargoArgs?: string[];
  /** Arguments for the test harness: name filters, `--exact`, `--ignored`, `--nocapture`, … */
  testArgs?: string[];
  toolchain?: WasiToolchain;
  /** `wasm32-wasip2` builds the tests as components; otherwise the toolchain's preview1 target. */
  target?: WasiTarget;
  discovery?: DiscoveryOptions;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Default `inherit`: the report goes to this process's stdout and stderr; `pipe` returns it. */
  stdio?: 'inherit' | 'pipe';
  /** cargo's progress and colours while building (default: stderr is a TTY). */
  progress?: boolean;
}

export interface TestRun extends TestCounts {
  /** cargo's exit code: 0 when every test passed, 101 when one failed. */
  exitCode: number;
  toolchain: WasiToolchain;
  target: WasiTarget;
  binaries: BinaryReport[];
  /** For each failing binary, the cargo arguments that rerun it (`--bin app`, `-p lib --test api`). */
  rerun: string[];
  /** Only with `stdio: 'pipe'`. */
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** libtest's and cargo's exit code for failed tests. */
const TESTS_FAILED = 101;

/**
 * `cargo test --target <wasi>`, the way cargo-nextest runs tests: cargo builds the test binaries
 * (`--no-run`), then every test runs in its own wasm instance, so a panic (which aborts a wasm
 * binary) fails that test and the rest still run. Output keeps cargo's and libtest's shape.
 */
export async function runTests(options: TestOptions): Promise<TestRun> {
  const started = performance.now();
  const env = { ...process.env, ...options.env };
  const harness = parseHarnessArgs(options.testArgs ?? []);
  const toolchain = options.toolchain ?? (await findToolchain({ ...options.discovery, env }));
  const runBinary = options.runBinary ?? (options.runner && options.runner.length > 0 ? commandRunner(options.runner, env) : undefined);
  if (!runBinary) throw new CargoBridgeError('runTests: neither options.runner nor options.runBinary is given', { hint: 'pass the command that runs a .wasm, e.g. [\'wasi-kit\', \'run\', \'--dir=.\', \'--\']' });
  const captured = { stdout: '', stderr: '' };
  const piped = options.stdio === 'pipe';
  const sink: Sink = piped
    ? { out: (text) => void (captured.stdout += text), err: (text) => void (captured.stderr += text) }
    : { out: (text) => void process.stdout.write(text), err: (text) => void process.stderr.write(text) };

  const progress = options.progress ?? (!piped && Boolean(process.stderr.isTTY));
  const built = await build({
    cwd: options.cwd,
    command: 'test',
    optimize: false,
    progress,
    toolchain,
    env: options.env,
    ...(options.signal ? { signal: options.signal } : {}),
    release: options.release,
    packages: options.packages,
    features: options.features,
    cargoArgs: options.cargoArgs,
    ...(options.target ? { target: options.target } : {}),
  });
  for (const diagnostic of built.diagnostics) sink.err(diagnostic.rendered);

  const failFast = !(options.cargoArgs ?? []).includes('--no-fail-fast');
  const binaries: BinaryReport[] = [];
  const rerun: string[] = [];
  for (const artifact of testBinaries(built.artifacts)) {
    if (options.signal?.aborted) throw new BuildCancelled({ cause: options.signal.reason });
    const packageDir = artifact.manifestPath ? path.dirname(artifact.manifestPath) : options.cwd;
    sink.err(`     Running ${describe(artifact, packageDir)} (${path.relative(options.cwd, artifact.wasm)})\n`);
    const report = await runTestBinary({ wasm: artifact.wasm, cwd: packageDir, harness, rawArgs: options.testArgs ?? [], runBinary, sink, ...(options.signal ? { signal: options.signal } : {}) });
    binaries.push(report);
    if (report.failed > 0) {
      rerun.push(rerunArgs(artifact));
      if (failFast) break;
    }
  }
  const total = (key: keyof TestCounts) => binaries.reduce((sum, report) => sum + report[key], 0);
  return {
    exitCode: rerun.length > 0 ? TESTS_FAILED : 0,
    toolchain,
    target: built.target,
    binaries,
    rerun,
    passed: total('passed'),
    failed: total('failed'),
    ignored: total('ignored'),
    filteredOut: total('filteredOut'),
    ...captured,
    durationMs: performance.now() - started,
  };
}

/** The binaries cargo would run, once each, in cargo's order: library, binaries, then tests. */
function testBinaries(artifacts: BuildArtifact[]): BuildArtifact[] {
  const rank = (artifact: BuildArtifact) => (artifact.kind.includes('bin') ? 1 : artifact.kind.includes('test') ? 2 : artifact.kind.includes('bench') || artifact.kind.includes('example') ? 3 : 0);
  const seen = new Set<string>();
  return artifacts
    .filter((artifact) => artifact.test && !seen.has(artifact.wasm) && seen.add(artifact.wasm))
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

/** cargo's label: `unittests src/main.rs` for a crate's own tests, the file for an integration test. */
function describe(artifact: BuildArtifact, packageDir: string): string {
  const source = path.relative(packageDir, artifact.srcPath);
  return artifact.kind.includes('test') || artifact.kind.includes('bench') || artifact.kind.includes('example') ? source : `unittests ${source}`;
}

/** What to add to `wasi-kit test` (or `cargo test`) to run only this binary again. */
function rerunArgs(artifact: BuildArtifact): string {
  const kind = artifact.kind[0] ?? 'lib';
  const target = kind === 'bin' || kind === 'test' || kind === 'bench' || kind === 'example' ? `--${kind} ${artifact.name}` : '--lib';
  const name = packageName(artifact.packageId);
  return name ? `-p ${name} ${target}` : target;
}

/** The package name in both package id formats: `name 0.1.0 (path+file://…)` and `path+file:///…/dir#name@0.1.0`. */
function packageName(packageId: string): string | undefined {
  if (!packageId.includes('://') || / \(/.test(packageId)) return packageId.split(' ')[0];
  const fragment = packageId.split('#')[1];
  if (fragment === undefined) return undefined;
  return fragment.includes('@') ? fragment.split('@')[0] : path.basename(packageId.split('#')[0]!);
}
