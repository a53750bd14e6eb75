import path from 'node:path';
import type { BuildResult } from '@wasi-kit/cargo-bridge';
import { WasiKitError } from '../errors.js';
import { EXIT, startProgress, useColour } from '../output.js';
import { buildBinary, packageManifest } from './binary.js';
import { loadCargoBridge } from '../packages.js';
import { findManifest, requireManifest } from './config.js';
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

/**
 * `run FILE [ARGS]` takes its flags as they are; `run --bin NAME [ARGS]` builds first (every
 * positional is then a guest argument) and takes defaults from `[package.metadata.wasi-kit]`.
 */
export async function resolveRunTarget(file: string | undefined, args: string[], options: RunTargetOptions): Promise<RunTarget> {
  if (options.bin === undefined) {
    if (file === undefined) throw new WasiKitError('run needs a FILE or --bin NAME', { hint: 'for example: wasi-kit run app.wasm, or wasi-kit run --bin app inside a crate', exitCode: EXIT.usage });
    if (options.release) throw new WasiKitError('--release only applies with --bin', { hint: 'wasi-kit run --bin NAME --release' });
    return { file, settings: resolveGuestSettings(undefined, { dir: options.dir, env: options.env, args }), build: undefined };
  }
  const cwd = process.cwd();
  requireManifest(cwd);
  const guestArgs = file === undefined ? args : [file, ...args];
  const progress = options.json ? { stop() {} } : startProgress(`building ${options.bin}`);
  let built;
  try {
    built = await buildBinary({ cwd, release: options.release, bin: options.bin, color: !options.json && useColour() });
  } finally {
    progress.stop();
  }
  if (!options.json) for (const diagnostic of built.result.diagnostics) process.stderr.write(diagnostic.rendered);
  const manifest = packageManifest(built.artifact) ?? findManifest(cwd);
  const { projectConfig } = await loadCargoBridge();
  const config = manifest ? projectConfig(built.metadata, manifest) : undefined;
  const settings = resolveGuestSettings(config, { dir: options.dir, env: options.env, args: guestArgs }, cwd);
  return { file: path.relative(cwd, built.artifact.wasm) || built.artifact.wasm, settings, build: built.result };
}
