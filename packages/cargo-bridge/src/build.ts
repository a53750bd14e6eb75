import { statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { BuildCancelled, BuildFailed } from './errors.js';
import { parseCargoMessage, type ArtifactMessage, type CompilerMessage } from './messages.js';
import { optimizeFile, type OptimizeReport } from './optimize.js';
import { spawnCargo } from './spawn-cargo.js';
import { buildTargetFor, type WasiTarget } from './target.js';
import { findToolchain, type DiscoveryOptions, type Toolchain, type WasiToolchain } from './toolchain.js';
import { failedBuildMessage, olderCompilerHint } from './toolchain-notes.js';

export interface BuildOptions {
  /** Directory of the crate or workspace (cargo's working directory). */
  cwd: string;
  release?: boolean;
  /** `-p <name>` for each. */
  packages?: string[];
  /** `--features a,b`. */
  features?: string[];
  /** `true` builds every example (`--examples`), a list builds those (`--example <name>`). */
  examples?: boolean | string[];
  /** `test` builds the test binaries (`cargo test --no-run`) instead of `cargo build`. */
  command?: 'build' | 'test';
  /** Extra cargo arguments, e.g. `['--bins', '--locked']`. */
  cargoArgs?: string[];
  /** Defaults to `findToolchain(discovery)`. */
  toolchain?: WasiToolchain;
  /** `wasm32-wasip2` builds components; preview1 (either name) or left out: the toolchain's own. */
  target?: WasiTarget;
  discovery?: DiscoveryOptions;
  /** Merged over `process.env` for cargo (and for discovery). */
  env?: NodeJS.ProcessEnv;
  /** Aborting kills cargo and everything it started; the build rejects with `BuildCancelled`. */
  signal?: AbortSignal;
  /** Strip custom sections and run wasm-opt -Oz on every artifact. Default: `release`. */
  optimize?: boolean;
  /** Let cargo draw its progress on this process's stderr. Default: stderr is a TTY. */
  progress?: boolean;
  /** Diagnostics rendered with ANSI colours. Default: `progress` and no NO_COLOR. */
  color?: boolean;
  /** Each warning or error as cargo reports it, before the build ends. */
  onDiagnostic?: (diagnostic: Diagnostic) => void;
}

/** One `.wasm` file cargo produced. */
export interface BuildArtifact {
  name: string;
  /** cargo's target kinds: `bin`, `example`, `cdylib`, … */
  kind: string[];
  packageId: string;
  wasm: string;
  fresh: boolean;
  /** Built with the test harness (a `cargo test` binary), not as the program itself. */
  test: boolean;
  /** The target's root source file, e.g. `/abs/src/main.rs`. */
  srcPath: string;
  /** The package's Cargo.toml, when cargo says (it does from 1.50). */
  manifestPath: string | undefined;
  /** Size of `wasm` on disk after the build (and optimisation). */
  bytes: number;
  /** Sizes before and after the release optimisation, when it ran. */
  optimization?: OptimizeReport;
}

export interface Diagnostic {
  level: CompilerMessage['message']['level'];
  message: string;
  /** cargo's own text, with ANSI colours when `color` was on. */
  rendered: string;
  code: string | undefined;
  packageId: string;
  file: string | undefined;
  line: number | undefined;
  column: number | undefined;
}

export interface BuildResult {
  toolchain: Toolchain & { target: WasiTarget };
  target: WasiTarget;
  artifacts: BuildArtifact[];
  diagnostics: Diagnostic[];
  /** The whole build, optimisation included. */
  durationMs: number;
  /** Time spent in cargo alone. */
  cargoMs: number;
  /** Time spent optimising (0 when it did not run). */
  optimizeMs: number;
}

/** Runs `cargo build --target <wasi>` and returns every wasm artifact, or throws `BuildFailed`. */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const env = { ...process.env, ...options.env };
  const toolchain = options.toolchain ?? (await findToolchain({ ...options.discovery, env }));
  const target = buildTargetFor(toolchain, options.target, env);
  if (options.signal?.aborted) throw new BuildCancelled({ cause: options.signal.reason });
  const progress = options.progress ?? Boolean(process.stderr.isTTY);
  const color = options.color ?? (progress && !env.NO_COLOR);
  const args = [
    ...(options.command === 'test' ? ['test', '--no-run'] : ['build']),
    '--target',
    target,
    // Not json-render-diagnostics: that moves diagnostics out of the JSON stream, and we keep them typed.
    `--message-format=${color ? 'json-diagnostic-rendered-ansi' : 'json'}`,
    ...(options.release ? ['--release'] : []),
    ...selectionArgs(options),
    ...(options.cargoArgs ?? []),
  ];

  const artifacts: BuildArtifact[] = [];
  const diagnostics: Diagnostic[] = [];
  const cargo = spawnCargo(toolchain.cargo, args, {
    cwd: options.cwd,
    env,
    rustc: toolchain.rustc,
    signal: options.signal,
    stderr: progress ? 'inherit' : 'pipe',
    collect: { stderr: true },
  });
  let succeeded: () => void = () => undefined;
  const buildFinished = new Promise<'succeeded'>((resolve) => (succeeded = () => resolve('succeeded')));
  const reading = readLines(cargo.child.stdout!, (line) => {
    const message = parseCargoMessage(line);
    if (message?.reason === 'compiler-artifact') artifacts.push(...wasmArtifacts(message));
    else if (message?.reason === 'compiler-message') {
      const diagnostic = toDiagnostic(message);
      diagnostics.push(diagnostic);
      options.onDiagnostic?.(diagnostic);
    } else if (message?.reason === 'build-finished' && message.success && options.command !== 'test') succeeded();
  }).then(() => cargo.done);
  let outcome: Awaited<typeof cargo.done> | 'succeeded';
  try {
    // cargo's last message says the build succeeded ~15 ms before cargo has exited: what was
    // built is complete then, so the result need not wait for the exit (cargo's process group is
    // still tracked, and killed should this process end first). `test --no-run` still lists the
    // test executables on stderr after it, so a test build waits.
    outcome = await Promise.race([reading, buildFinished]);
  } catch (error) {
    // An onDiagnostic that throws must not leave cargo running.
    cargo.kill();
    await cargo.done;
    throw error;
  }
  const cargoMs = performance.now() - started;

  if (options.signal?.aborted) throw new BuildCancelled({ cause: options.signal.reason });
  const run = outcome === 'succeeded' ? undefined : outcome;
  if (!run) {
    // Nothing is read after the last message: a late failure has nowhere to go.
    reading.catch(() => undefined);
  } else if (run.spawnError) {
    throw new BuildFailed('', { cause: run, message: `cannot run ${toolchain.cargo}: ${run.spawnError.message}`, hint: 'check the toolchains with: wasi-kit doctor' });
  }
  if (run?.failed) {
    const errors = diagnostics.filter((d) => d.level.startsWith('error'));
    const rendered = errors.map((d) => d.rendered).join('') || run.stderr.trim();
    const hint = olderCompilerHint(rendered, toolchain) ?? (errors.length > 0 ? 'fix the errors above and build again' : 'see cargo\'s message above');
    throw new BuildFailed(rendered, { cause: run, diagnostics, message: failedBuildMessage(toolchain), hint });
  }

  const optimizeStarted = performance.now();
  // binaryen optimises core modules; a component (wasm32-wasip2) is kept as cargo built it.
  if ((options.optimize ?? options.release ?? false) && target !== 'wasm32-wasip2') {
    for (const artifact of uniqueFiles(artifacts)) {
      if (options.signal?.aborted) throw new BuildCancelled({ cause: options.signal.reason });
      artifact.optimization = await optimizeFile(artifact.wasm);
      artifact.bytes = artifact.optimization.after;
    }
  }
  const optimizeMs = performance.now() - optimizeStarted;
  return { toolchain, target, artifacts, diagnostics, durationMs: performance.now() - started, cargoMs, optimizeMs };
}

function selectionArgs(options: BuildOptions): string[] {
  const args = (options.packages ?? []).flatMap((name) => ['-p', name]);
  if (options.features && options.features.length > 0) args.push('--features', options.features.join(','));
  if (options.examples === true) args.push('--examples');
  else if (Array.isArray(options.examples)) args.push(...options.examples.flatMap((name) => ['--example', name]));
  return args;
}

/** One artifact per file: cargo may report the same `.wasm` for more than one unit. */
function uniqueFiles(artifacts: BuildArtifact[]): BuildArtifact[] {
  const seen = new Map<string, BuildArtifact>();
  for (const artifact of artifacts) if (!seen.has(artifact.wasm)) seen.set(artifact.wasm, artifact);
  return [...seen.values()];
}

function wasmArtifacts(message: ArtifactMessage): BuildArtifact[] {
  return message.filenames
    .filter((file) => file.endsWith('.wasm'))
    .map((wasm) => ({
      name: message.target.name,
      kind: message.target.kind,
      packageId: message.package_id,
      wasm,
      fresh: message.fresh,
      test: message.profile.test,
      srcPath: message.target.src_path,
      manifestPath: message.manifest_path,
      bytes: fileSize(wasm),
    }));
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function toDiagnostic(message: CompilerMessage): Diagnostic {
  const primary = message.message.spans.find((span) => span.is_primary);
  return {
    level: message.message.level,
    message: message.message.message,
    rendered: message.message.rendered ?? message.message.message,
    code: message.message.code?.code,
    packageId: message.package_id,
    file: primary?.file_name,
    line: primary?.line_start,
    column: primary?.column_start,
  };
}

/**
 * Calls `onLine` with each line of `stream` as it comes, and resolves when the stream ends; rejects
 * with what `onLine` threw. Not node:readline: loading it costs the first build ~6 ms, which dev
 * waits for before it starts cargo metadata.
 */
function readLines(stream: Readable, onLine: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let partial = '';
    let failed = false;
    // After a throw the rest is drained unread: the caller kills cargo.
    const take = (text: string) => {
      if (failed) return;
      try {
        onLine(text);
      } catch (error) {
        failed = true;
        reject(error);
      }
    };
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      for (const line of lines) take(line);
    });
    stream.once('end', () => {
      if (partial !== '') take(partial);
      resolve();
    });
    stream.once('error', reject);
  });
}
