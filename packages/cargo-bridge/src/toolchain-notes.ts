import { formatVersion, type PassedOver, type WasiToolchain } from './toolchain.js';

/** `stable-x86_64-unknown-linux-gnu rustc 1.95.0`, `system (/usr/bin) rustc 1.63.0`. */
export function describeToolchain(toolchain: Pick<PassedOver, 'name' | 'version'>): string {
  return `${toolchain.name} rustc ${formatVersion(toolchain.version)}`;
}

/**
 * The one line a CLI prints when toolchains were passed over: which, why, and the exact fix for
 * the first (the one the user meant: RUSTC or rustup's default).
 */
export function passedOverLine(passedOver: PassedOver[], chosen: WasiToolchain): string | undefined {
  const [first, ...others] = passedOver;
  if (!first) return undefined;
  const which = [first, ...others].map(describeToolchain).join(', ');
  const reasons = new Set(passedOver.map((passed) => passed.reason));
  return `passing over ${which} (${[...reasons].join(' / ')}); using ${describeToolchain(chosen)}. To use ${first.name}: ${first.fix}`;
}

/** `cargo build failed with system (/usr/bin) rustc 1.63.0 for wasm32-wasi`: which compiler failed matters. */
export function failedBuildMessage(toolchain: WasiToolchain): string {
  return `cargo build failed with ${describeToolchain(toolchain)} for ${toolchain.target}`;
}

/**
 * Errors that mean "this compiler is too old", not "your code is wrong": a feature stabilised
 * later (let-else in 1.65), a Cargo.lock written by cargo 1.78+ (version 4), edition 2024 (1.85),
 * a `rust-version` above this compiler.
 */
const TOO_OLD = [
  /`let\.\.\.else` statements are unstable|feature\(let_else\)/,
  /lock file version `?4`?|Cargo needs to be updated/,
  /edition2024|`2024` edition|version of Cargo is older than/,
  /requires rustc [\d.]+ or newer/,
  /use of unstable library feature|is unstable\b/,
];

/** A hint when a failed build's output looks like the compiler is too old; undefined otherwise. */
export function olderCompilerHint(rendered: string, toolchain: WasiToolchain): string | undefined {
  if (!TOO_OLD.some((pattern) => pattern.test(rendered))) return undefined;
  const newer = toolchain.passedOver?.find((passed) => compare(passed.version, toolchain.version) > 0);
  if (newer) {
    return `an older compiler was chosen and a newer Rust likely accepts this: wasi-kit used ${describeToolchain(toolchain)} because ${describeToolchain(newer)} has ${newer.reason}; add it: ${newer.fix}`;
  }
  return `an older compiler was chosen (${describeToolchain(toolchain)}) and this likely needs a newer Rust: install one from https://rustup.rs, then: rustup target add wasm32-wasip1`;
}

function compare(a: WasiToolchain['version'], b: WasiToolchain['version']): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}
