import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { TargetNotInstalled } from './errors.js';
import { currentPlatform, installCommand, rustupToolchainName, type Platform } from './install-command.js';
import type { Toolchain, WasiToolchain } from './toolchain.js';

/** The two names the WASI preview1 target has had, and WASI 0.2's, which builds components. */
export type WasiTarget = 'wasm32-wasip1' | 'wasm32-wasi' | 'wasm32-wasip2';

/** Every target `build({ target })` and `[package.metadata.wasi-kit] target` accept. */
export const WASI_TARGETS: readonly WasiTarget[] = ['wasm32-wasip1', 'wasm32-wasi', 'wasm32-wasip2'];

/** Rust gained the wasm32-wasip2 target (a component per binary) in 1.82. */
const WASIP2_SINCE = 82;

export interface RustVersion {
  major: number;
  minor: number;
  patch: number;
}

export function parseRustcVersion(text: string): RustVersion | undefined {
  const match = /rustc (\d+)\.(\d+)\.(\d+)/.exec(text);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

/**
 * Targets a compiler of this version knows, preferred first: `wasm32-wasip1` arrived in 1.78
 * and `wasm32-wasi` was removed in 1.84.
 */
export function wasiTargetsFor(version: RustVersion): WasiTarget[] {
  const minor = version.major > 1 ? Infinity : version.minor;
  const targets: WasiTarget[] = [];
  if (minor >= 78) targets.push('wasm32-wasip1');
  if (minor < 84) targets.push('wasm32-wasi');
  return targets;
}

/** The linker rustc runs for wasm32-wasip2: wasm-ld, then the core module made a component. */
const COMPONENT_LINKER = 'wasm-component-ld';

/**
 * Whether rustc will find wasm-component-ld where it looks: its sysroot's host tool folders
 * (rustup ships it there; Debian's `rust-llvm` package too), then PATH; or a linker of the
 * user's own in CARGO_TARGET_WASM32_WASIP2_LINKER.
 */
function findsComponentLinker(sysroot: string, env: NodeJS.ProcessEnv): boolean {
  if (env.CARGO_TARGET_WASM32_WASIP2_LINKER) return true;
  const rustlib = path.join(sysroot, 'lib', 'rustlib');
  const hostToolDirs = (existsSync(rustlib) ? readdirSync(rustlib) : []).flatMap((triple) => [path.join(rustlib, triple, 'bin'), path.join(rustlib, triple, 'bin', 'self-contained')]);
  const pathDirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  return [...hostToolDirs, ...pathDirs].some((dir) => existsSync(path.join(dir, COMPONENT_LINKER)));
}

/**
 * The target to build for: the toolchain's own preview1 target when nothing (or either preview1
 * name) is asked for, since `wasm32-wasi` and `wasm32-wasip1` are one target under two names;
 * `wasm32-wasip2` when its std and its linker are there, else `TargetNotInstalled` with the fix.
 */
export function buildTargetFor(toolchain: WasiToolchain, requested: WasiTarget | undefined, env: NodeJS.ProcessEnv = process.env, platform: Platform = currentPlatform()): WasiTarget {
  if (requested !== 'wasm32-wasip2') return toolchain.target;
  const lacking = componentsLacking(toolchain, env, platform);
  if (lacking) throw new TargetNotInstalled(lacking.message, lacking.command, lacking.hint);
  return 'wasm32-wasip2';
}

/** What a toolchain lacks to build wasm32-wasip2 components (a newer Rust, the std, the linker), or undefined. */
export function componentsLacking(toolchain: Toolchain, env: NodeJS.ProcessEnv = process.env, platform: Platform = currentPlatform()): { message: string; command: string; hint?: string } | undefined {
  const { major, minor } = toolchain.version;
  const version = `${major}.${minor}.${toolchain.version.patch}`;
  if (major === 1 && minor < WASIP2_SINCE) {
    return { message: `wasm32-wasip2 needs Rust 1.${WASIP2_SINCE} or newer, and ${toolchain.name} is rustc ${version}`, command: 'rustup toolchain install stable (or Debian 13\'s rustc 1.85)' };
  }
  if (!existsSync(path.join(toolchain.sysroot, 'lib', 'rustlib', 'wasm32-wasip2', 'lib'))) {
    return { message: `${toolchain.name} (rustc ${version}) has no wasm32-wasip2 standard library`, command: installCommand(toolchain, platform, 'wasm32-wasip2') };
  }
  if (!findsComponentLinker(toolchain.sysroot, env)) {
    // rustup ships it with rustc; Debian keeps it in rust-llvm, which rustc only recommends.
    const rustup = rustupToolchainName(toolchain);
    const command = rustup ? `rustup update ${rustup}` : platform.debian ? `${platform.root ? '' : 'sudo '}apt-get install -y rust-llvm` : `cargo install ${COMPONENT_LINKER}`;
    return {
      message: `${toolchain.name} (rustc ${version}) has the wasm32-wasip2 standard library but not ${COMPONENT_LINKER}, the linker that makes components`,
      command,
      hint: `install it: ${command} (or point CARGO_TARGET_WASM32_WASIP2_LINKER at a ${COMPONENT_LINKER})`,
    };
  }
  return undefined;
}
