import { statSync } from 'node:fs';
import path from 'node:path';
import type { BuildResult } from '@wasi-kit/cargo-bridge';
import { WasiKitError } from '../errors.js';
import { EXIT, startProgress, useColour } from '../output.js';
import { buildBinary, packageManifest } from './binary.js';
import { loadCargoBridge } from '../packages.js';
import { findManifest } from './config.js';
import { resolveGuestSettings, type GuestSettings } from './guest-settings.js';

/** The options of `wasi-kit run` this module reads. */
export interface RunTargetOptions {
  dir: string[];
  env: string[];
  bin?: string;
  release?: boolean;
  json?: boolean;
}

/** What to run: a file as given, or the wasm of a `--bin` just built, with config merged in. */
export interface RunTarget {
  file: string;
  settings: GuestSettings;
  build: BuildResult | undefined;
}

/** Whether `run`'s first operand names a module: a .wasm or .wat name, or any file that is there. */
function namesModule(operand: string): boolean {
  if (/\.(wasm|wat)$/i.test(operand)) return true;
  try {
    return statSync(operand).isFile();
  } catch {
    return false;
  }
}

/**
 * `run FILE [ARGS]` takes its flags as they are. `run --bin NAME [ARGS]` builds first (every
 * positional is then a guest argument), and so does `run` inside a crate when its first operand
 * names no module (none, or `.` as in `wasi-kit dev --dir=. -- .`), as `cargo run -- ARGS` does,
 * picking the crate's only binary; both take defaults from `[package.metadata.wasi-kit]`.
 */
export async function resolveRunTarget(file: string | undefined, args: string[], options: RunTargetOptions): Promise<RunTarget> {
  const cwd = process.cwd();
  // A module file is looked for first: `run app.wasm` needs no walk up the folders for a Cargo.toml.
  if (options.bin === undefined && ((file !== undefined && namesModule(file)) || !findManifest(cwd))) {
    if (file === undefined) throw new WasiKitError('run needs a FILE, or a crate here to build and run', { hint: 'for example: wasi-kit run app.wasm, or wasi-kit run inside a crate (--bin NAME picks one of several binaries)', exitCode: EXIT.usage });
    if (options.release) throw new WasiKitError('--release only applies when run builds the crate', { hint: 'wasi-kit run --release (inside a crate), or wasi-kit run --bin NAME --release' });
    return { file, settings: resolveGuestSettings(undefined, { dir: options.dir, env: options.env, args }), build: undefined };
  }
  const guestArgs = file === undefined ? args : [file, ...args];
  const progress = options.json ? { stop() {} } : startProgress(`building ${options.bin ?? 'the crate'}`);
  let built;
  try {
    built = await buildBinary({ cwd, release: options.release, bin: options.bin, color: !options.json && useColour() });
  } finally {
    progress.stop();
  }
  if (!options.json) for (const diagnostic of built.result.diagnostics) process.stderr.write(diagnostic.rendered);
  const manifest = packageManifest(built.artifact) ?? findManifest(cwd);
  const { packageConfig } = await loadCargoBridge();
  const config = manifest ? await packageConfig(manifest, built.metadata) : undefined;
  const settings = resolveGuestSettings(config, { dir: options.dir, env: options.env, args: guestArgs }, cwd);
  return { file: path.relative(cwd, built.artifact.wasm) || built.artifact.wasm, settings, build: built.result };
}
