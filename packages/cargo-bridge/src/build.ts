import { execa } from 'execa';
import { BuildFailed } from './errors.js';
import { parseCargoMessage, type ArtifactMessage, type CompilerMessage } from './messages.js';
import { findToolchain, type Toolchain } from './toolchain.js';
import type { WasiTarget } from './target.js';

export interface BuildOptions {
  /** Directory of the crate or workspace (cargo's working directory). */
  cwd: string;
  release?: boolean;
  /** Extra cargo arguments, e.g. `['-p', 'app', '--features', 'x']`. */
  cargoArgs?: string[];
  /** Defaults to the first toolchain `findToolchain()` returns. */
  toolchain?: Toolchain & { target: WasiTarget };
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

/** One `.wasm` file cargo produced. */
export interface BuildArtifact {
  name: string;
  kind: string[];
  packageId: string;
  wasm: string;
  fresh: boolean;
}

export interface Diagnostic {
  level: CompilerMessage['message']['level'];
  message: string;
  rendered: string;
  file: string | undefined;
  line: number | undefined;
  column: number | undefined;
}

export interface BuildResult {
  toolchain: Toolchain & { target: WasiTarget };
  target: WasiTarget;
  artifacts: BuildArtifact[];
  diagnostics: Diagnostic[];
  durationMs: number;
}

/** Runs `cargo build --target <wasi>` and returns every wasm artifact, or throws `BuildFailed`. */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const toolchain = options.toolchain ?? (await findToolchain(options.env));
  const args = ['build', '--target', toolchain.target, '--message-format=json', ...(options.release ? ['--release'] : []), ...(options.cargoArgs ?? [])];
  const started = performance.now();
  const run = await execa(toolchain.cargo, args, {
    cwd: options.cwd,
    env: { ...options.env, RUSTC: toolchain.rustc, RUSTUP_TOOLCHAIN: undefined },
    reject: false,
    cancelSignal: options.signal,
    stdin: 'ignore',
  });
  const durationMs = performance.now() - started;

  const artifacts: BuildArtifact[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const line of String(run.stdout).split('\n')) {
    const message = parseCargoMessage(line);
    if (message?.reason === 'compiler-artifact') artifacts.push(...wasmArtifacts(message));
    else if (message?.reason === 'compiler-message') diagnostics.push(toDiagnostic(message));
  }

  if (run.isCanceled) throw new BuildFailed('', { cause: run });
  if (run.failed) {
    const rendered = diagnostics.filter((d) => d.level.startsWith('error')).map((d) => d.rendered).join('') || String(run.stderr).trim();
    throw new BuildFailed(rendered, { cause: run, hint: 'fix the errors above and build again' });
  }
  return { toolchain, target: toolchain.target, artifacts, diagnostics, durationMs };
}

function wasmArtifacts(message: ArtifactMessage): BuildArtifact[] {
  return message.filenames
    .filter((file) => file.endsWith('.wasm'))
    .map((wasm) => ({ name: message.target.name, kind: message.target.kind, packageId: message.package_id, wasm, fresh: message.fresh }));
}

function toDiagnostic(message: CompilerMessage): Diagnostic {
  const primary = message.message.spans.find((span) => span.is_primary);
  return {
    level: message.message.level,
    message: message.message.message,
    rendered: message.message.rendered ?? message.message.message,
    file: primary?.file_name,
    line: primary?.line_start,
    column: primary?.column_start,
  };
}
