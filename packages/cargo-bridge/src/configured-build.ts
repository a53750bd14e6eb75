import path from 'node:path';
import { build, type BuildOptions, type BuildResult } from './build.js';
import { cargoMetadata, type CargoMetadata } from './metadata.js';
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
 * wants another. One metadata read serves the config's other keys too. A bad manifest or config
 * fails with its own one line, whatever the build did meanwhile.
 */
export async function configuredBuild(options: ConfiguredBuildOptions): Promise<{ result: BuildResult; metadata: CargoMetadata }> {
  const { manifest, targetFrom, ...buildOptions } = options;
  const env = { ...process.env, ...options.env };
  const toolchain = options.toolchain ?? (await findToolchain({ ...options.discovery, env }));
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
      metadata = await cargoMetadata({ cwd: path.dirname(manifest), manifestPath: manifest, cargo: toolchain.cargo, env: { ...env, RUSTC: toolchain.rustc }, signal: options.signal });
      target = targetFrom(metadata);
      if (buildTargetFor(toolchain, target) === buildTargetFor(toolchain, options.target)) return { result: await guessed, metadata };
    } catch (error) {
      first.abort();
      await guessed.catch(() => undefined);
      throw error;
    }
    first.abort();
    await guessed.catch(() => undefined);
    return { result: await build({ ...buildOptions, toolchain, target }), metadata };
  } finally {
    options.signal?.removeEventListener('abort', stopFirst);
  }
}
