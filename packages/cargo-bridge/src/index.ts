export { build, type BuildArtifact, type BuildOptions, type BuildResult, type Diagnostic } from './build.js';
export { BuildFailed, CargoBridgeError, TargetNotInstalled, ToolchainNotFound } from './errors.js';
export type { ArtifactMessage, CargoMessage, CompilerMessage } from './messages.js';
export { parseCargoMessage } from './messages.js';
export { parseRustcVersion, wasiTargetsFor, type RustVersion, type WasiTarget } from './target.js';
export { findToolchain, formatVersion, installHint, listToolchains, type Toolchain, type ToolchainSource } from './toolchain.js';
