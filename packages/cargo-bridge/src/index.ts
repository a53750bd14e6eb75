export { build, type BuildArtifact, type BuildOptions, type BuildResult, type Diagnostic } from './build.js';
export { configuredBuild, type ConfiguredBuildOptions } from './configured-build.js';
export { BuildCancelled, BuildFailed, CargoBridgeError, TargetNotInstalled, ToolchainNotFound } from './errors.js';
export { DEBIAN_INSTALL, DEBIAN_PACKAGES, installCommand, installHint, preferredTarget } from './install-command.js';
export type { ArtifactMessage, CargoMessage, CompilerMessage } from './messages.js';
export { parseCargoMessage } from './messages.js';
export { optimizeFile, optimizeModule, type OptimizeReport } from './optimize.js';
export { buildTargetFor, componentsLacking, parseRustcVersion, WASI_TARGETS, wasiTargetsFor, type RustVersion, type WasiTarget } from './target.js';
export { cachePath, defaultCacheDir } from './toolchain-cache.js';
export {
  findToolchain,
  formatVersion,
  listToolchains,
  missingTarget,
  selectToolchain,
  type DiscoveryOptions,
  type PassedOver,
  TOOLCHAIN_CHANNEL,
  type ToolchainNotice,
  type Toolchain,
  type ToolchainSource,
  type WasiToolchain,
} from './toolchain.js';
export { describeToolchain, failedBuildMessage, olderCompilerHint, passedOverLine } from './toolchain-notes.js';
export { readSections, stripCustomSections, usedFeatures, type Section } from './wasm-sections.js';
export { cargoMetadata, workspaceMembers, type CargoMetadata, type CargoPackage, type MetadataOptions } from './metadata.js';
export { configWithoutMetadata, packageConfig, projectConfig, type ProjectConfig } from './project-config.js';
export { spawnCargo, type CargoProcess, type SpawnCargoOptions } from './spawn-cargo.js';
export { watch, type WatchEvent, type Watcher, type WatchOptions } from './watch.js';
export { watchPaths } from './watch-paths.js';
export { diagnose, fix, type DoctorReport, type FixOptions, type FixResult, type FixStep, type ToolchainReport } from './doctor.js';
export { runTests, type TestOptions, type TestRun } from './cargo-test.js';
export { parseHarnessArgs, type HarnessArgs } from './libtest.js';
export { commandRunner, type BinaryReport, type BinaryRun, type RunTestBinary, type TestCounts } from './test-binary.js';
