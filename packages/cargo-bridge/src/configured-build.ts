import path from 'node:path';
import { build, type BuildOptions, type BuildResult } from './build.js';
import { BuildFailed } from './errors.js';
import { cargoMetadata, type CargoMetadata } from './metadata.js';
import { configWithoutMetadata } from './project-config.js';
import { buildTargetFor, type WasiTarget } from './target.js';
import { findToolchain } from './toolchain.js';

export interface ConfiguredBuildOptions extends BuildOptions {
  /** The crate's Cargo.toml, whose `cargo metadata` holds the config. */
  manifest: string;
  /** The target the config asks for; it may throw (a bad config), which fails the build. */
  targetFrom: (metadata: CargoMetadata) => WasiTarget | undefined;
}

/**
 * A build whose target a project's config may set: `cargo metadata` runs beside a build for
 * `target` (the usual case: the config sets none), and that build starts again only if the config
 * wants another. One metadata read serves the config's other keys too (`metadata()`). A bad
 * manifest or config fails with its own one line, whatever the build did meanwhile. A manifest
 * that cannot hold a config (configWithoutMetadata) is built without cargo metadata beside it;
 * its metadata is read only if asked for, or to word a broken manifest.
 */
export async function configuredBuild(options: ConfiguredBuildOptions): Promise<{ result: BuildResult; metadata: () => Promise<CargoMetadata> }> {
  const { manifest, targetFrom, ...buildOptions } = options;
  const env = { ...process.env, ...options.env };
  const toolchain = options.toolchain ?? (await findToolchain({ ...options.discovery, env }));
  const readMetadata = () => cargoMetadata({ cwd: path.dirname(manifest), manifestPath: manifest, cargo: toolchain.cargo, env: { ...env, RUSTC: toolchain.rustc }, signal: options.signal });
  if (configWithoutMetadata(manifest)) {
    let read: Promise<CargoMetadata> | undefined;
    const metadata = () => (read ??= readMetadata());
    try {
      return { result: await build({ ...buildOptions, toolchain }), metadata };
    } catch (error) {
      // A manifest cargo cannot parse: cargo metadata's error names the file and line.
      if (error instanceof BuildFailed && error.diagnostics.length === 0 && !options.signal?.aborted) await metadata();
      throw error;
    }
  }
  const first = new AbortController();
  const stopFirst = () => first.abort();
  options.signal?.addEventListener('abort', stopFirst, { once: true });
  const guessed = build({ ...buildOptions, toolchain, signal: first.signal });
  // Awaited below, or dropped on purpose: never an unhandled rejection.
  guessed.catch(() => undefined);
  try {
    let metadata: CargoMetadata;
    let target: WasiTarget | undefined;
    try {
      metadata = await readMetadata();
      target = targetFrom(metadata);
      if (buildTargetFor(toolchain, target) === buildTargetFor(toolchain, options.target)) return { result: await guessed, metadata: async () => metadata };
    } catch (error) {
      first.abort();
      await guessed.catch(() => undefined);
      throw error;
    }
    first.abort();
    await guessed.catch(() => undefined);
    return { result: await build({ ...buildOptions, toolchain, target }), metadata: async () => metadata };
  } finally {
    options.signal?.removeEventListener('abort', stopFirst);
  }
}
