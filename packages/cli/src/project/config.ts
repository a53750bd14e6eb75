import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ProjectConfig } from '@wasi-kit/cargo-bridge';
import { WasiKitError } from '../errors.js';
import { loadCargoBridge } from '../packages.js';

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
