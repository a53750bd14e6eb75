import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type BuildResult } from '@wasi-kit/cargo-bridge';

/** The cargo workspace holding every Rust probe, one `[[bin]]` per behaviour. */
export const probeCrate = fileURLToPath(new URL('../guests/rust/', import.meta.url));

export type ProbeName =
  | 'args-env'
  | 'clocks'
  | 'poll-sleep'
  | 'race-reader'
  | 'random'
  | 'readdir-walk'
  | 'std-files'
  | 'std-read'
  | 'stdio-echo'
  | 'syscall-script';

let built: Promise<Map<string, string>> | undefined;
let builtNative: Promise<Map<string, string>> | undefined;

/**
 * `WASI_KIT_TEST_HOST=component-p2`: the probes are built natively for wasm32-wasip2 (each one a
 * component from rustc and wasm-component-ld, no adapter wrapping afterwards) by the Rust 1.82+
 * toolchain in the folder `WASI_KIT_RUST_185` names (CI installs Debian trixie's 1.85 there).
 */
export const nativeComponentProbes = process.env.WASI_KIT_TEST_HOST === 'component-p2';

/** Builds all probes with the real cargo once per test worker; cargo's lock serialises workers. */
export function buildProbes(): Promise<Map<string, string>> {
  if (nativeComponentProbes) return buildNativeComponentProbes();
  built ??= build({ cwd: probeCrate }).then(artifactsByName);
  return built;
}

/** The probes built natively for wasm32-wasip2 (needs WASI_KIT_RUST_185), once per test worker. */
export function buildNativeComponentProbes(): Promise<Map<string, string>> {
  builtNative ??= build(nativeComponentBuild()).then(artifactsByName);
  return builtNative;
}

function artifactsByName(result: BuildResult): Map<string, string> {
  return new Map(result.artifacts.map((a) => [a.name, a.wasm]));
}

function nativeComponentBuild(): BuildOptions {
  const toolchainDir = process.env.WASI_KIT_RUST_185;
  if (!toolchainDir) throw new Error('WASI_KIT_TEST_HOST=component-p2 needs WASI_KIT_RUST_185: a folder with the cargo and rustc of Rust 1.82 or newer');
  return {
    cwd: probeCrate,
    target: 'wasm32-wasip2',
    // Its own target folder: one shared with the 1.63 builds would rebuild on every switch.
    env: { RUSTC: path.join(toolchainDir, 'rustc'), CARGO: path.join(toolchainDir, 'cargo'), CARGO_TARGET_DIR: path.join(probeCrate, 'target', 'rust-p2') },
  };
}

/** Path of the built `.wasm` of one probe. */
export async function probeWasm(name: ProbeName): Promise<string> {
  const wasm = (await buildProbes()).get(name);
  if (!wasm) throw new Error(`probe ${name} was not built: is it a [[bin]] in ${path.join(probeCrate, 'src/bin')}?`);
  return wasm;
}
