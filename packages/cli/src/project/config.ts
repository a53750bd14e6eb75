import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BuildOptions, BuildResult, CargoMetadata, ProjectConfig, WasiTarget } from '@wasi-kit/cargo-bridge';
import { WasiKitError } from '../errors.js';
import { loadCargoBridge } from '../packages.js';

/** cargo-bridge's WASI_TARGETS, kept here so registering `--target` does not load the bridge. */
export const TARGETS: readonly WasiTarget[] = ['wasm32-wasip1', 'wasm32-wasi', 'wasm32-wasip2'];

/** The nearest Cargo.toml at or above `from`, or undefined outside a crate. */
export function findManifest(from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'Cargo.toml');
    if (existsSync(manifest)) return manifest;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The nearest Cargo.toml, or the one-line error every crate command gives outside a crate. */
export function requireManifest(from: string): string {
  const manifest = findManifest(from);
  if (!manifest) throw new WasiKitError(`no Cargo.toml in ${path.resolve(from)} or above it`, { hint: 'run this inside a crate, or create one: wasi-kit new NAME' });
  return manifest;
}

/** `[package.metadata.wasi-kit]` of the crate whose manifest this is, as cargo parses it (cargo-bridge). */
export async function loadProjectConfig(manifest: string, cargo?: string): Promise<ProjectConfig> {
  const { cargoMetadata, findToolchain, projectConfig } = await loadCargoBridge();
  const metadata = await cargoMetadata({ cwd: path.dirname(manifest), manifestPath: manifest, cargo: cargo ?? (await findToolchain()).cargo });
  return projectConfig(metadata, manifest);
}

/**
 * Builds the crate whose manifest this is for the target its config asks for; the config is read
 * by `cargo metadata` beside the build (cargo-bridge's configuredBuild, which skips it for a
 * manifest without one), and that one read serves the config's other keys.
 */
export async function buildWithConfig(options: Omit<BuildOptions, 'target'>, manifest: string): Promise<{ result: BuildResult; metadata: () => Promise<CargoMetadata> }> {
  const { configuredBuild, projectConfig } = await loadCargoBridge();
  return configuredBuild({ ...options, manifest, targetFrom: (metadata) => projectConfig(metadata, manifest).target });
}

/** The `target` of the crate at or above `cwd`, if its config sets one. */
export async function configuredTarget(cwd: string): Promise<WasiTarget | undefined> {
  const manifest = findManifest(cwd);
  return manifest ? (await loadProjectConfig(manifest)).target : undefined;
}
