import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildArtifact, BuildResult, CargoMetadata } from '@wasi-kit/cargo-bridge';
import { WasiKitError } from '../errors.js';
import { buildWithConfig, requireManifest } from './config.js';

export interface BinaryBuild {
  result: BuildResult;
  artifact: BuildArtifact;
  /** The workspace's `cargo metadata` (read beside the build, or when first asked for): the config of any of its packages. */
  metadata: () => Promise<CargoMetadata>;
}

/** Builds the crate (only `bin` when named) for its config's target and returns the one binary to run. */
export async function buildBinary(options: { cwd: string; release?: boolean; bin?: string; color?: boolean }): Promise<BinaryBuild> {
  const { result, metadata } = await buildWithConfig(
    { cwd: options.cwd, release: options.release, cargoArgs: options.bin ? ['--bin', options.bin] : [], progress: false, color: options.color ?? false },
    requireManifest(options.cwd),
  );
  return { result, artifact: pickBinary(result.artifacts, options.bin), metadata };
}

/** No binary to run, or several and no `--bin`: a choice the user makes, not one a save changes. */
export class BinaryChoiceError extends WasiKitError {}

/** The binary named `bin`, or the only binary there is. */
export function pickBinary(artifacts: BuildArtifact[], bin?: string): BuildArtifact {
  const binaries = artifacts.filter((artifact) => artifact.kind.includes('bin'));
  const named = bin === undefined ? binaries : binaries.filter((artifact) => artifact.name === bin);
  const [only, ...others] = named;
  if (only && others.length === 0) return only;
  if (bin !== undefined) {
    throw new BinaryChoiceError(`cargo built no binary named "${bin}"`, { hint: `binaries built: ${binaries.map((a) => a.name).join(', ') || 'none'}` });
  }
  if (!only) throw new BinaryChoiceError('this crate has no binary to run', { hint: 'add src/main.rs, or run a .wasm file: wasi-kit run FILE.wasm' });
  throw new BinaryChoiceError(`this workspace has several binaries: ${binaries.map((a) => a.name).join(', ')}`, { hint: `choose one with --bin ${only.name}` });
}

/**
 * The Cargo.toml of the package that built an artifact, from cargo's package id:
 * `name 0.1.0 (path+file:///abs/dir)` (cargo < 1.77) or `path+file:///abs/dir#name@0.1.0`.
 */
export function packageManifest(artifact: BuildArtifact): string | undefined {
  const match = /path\+(file:\/\/[^)#\s]+)/.exec(artifact.packageId);
  return match?.[1] ? path.join(fileURLToPath(match[1]), 'Cargo.toml') : undefined;
}
