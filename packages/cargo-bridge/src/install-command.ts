import { existsSync } from 'node:fs';
import path from 'node:path';
import { wasiTargetsFor, type WasiTarget } from './target.js';
import type { Toolchain } from './toolchain.js';

/** Debian/Ubuntu's packaged Rust with the WASI std, wasi-libc and the linker it needs. */
export const DEBIAN_PACKAGES = ['rustc', 'cargo', 'libstd-rust-dev-wasm32', 'wasi-libc', 'lld'] as const;
export const DEBIAN_INSTALL = `apt-get install -y ${DEBIAN_PACKAGES.join(' ')}`;

export interface Platform {
  debian: boolean;
  root: boolean;
}

export function currentPlatform(): Platform {
  return { debian: existsSync('/etc/debian_version'), root: process.getuid?.() === 0 };
}

/** The target a toolchain should get: the newest name its version knows. */
export function preferredTarget(toolchain: Pick<Toolchain, 'version'>): WasiTarget {
  return wasiTargetsFor(toolchain.version)[0] ?? 'wasm32-wasip1';
}

/** The rustup toolchain a rustc belongs to, from its path (`…/toolchains/<name>/bin/rustc`). */
export function rustupToolchainName(toolchain: Pick<Toolchain, 'source' | 'name' | 'rustc'>): string | undefined {
  if (toolchain.source === 'rustup') return toolchain.name;
  const parts = path.resolve(toolchain.rustc).split(path.sep);
  const at = parts.lastIndexOf('toolchains');
  return at >= 0 && parts[at + 2] === 'bin' ? parts[at + 1] : undefined;
}

/** The exact command that installs a WASI std for this toolchain. */
export function installCommand(toolchain: Toolchain, platform: Platform = currentPlatform(), target: WasiTarget = preferredTarget(toolchain)): string {
  const rustup = rustupToolchainName(toolchain);
  if (rustup) return `rustup target add --toolchain ${rustup} ${target}`;
  // Debian's rustc lives in /usr and gets its WASI std from a package, not from rustup.
  if (platform.debian && toolchain.sysroot === '/usr') return debianInstall(platform);
  return `rustup target add ${target}`;
}

export function debianInstall(platform: Platform): string {
  return platform.root ? DEBIAN_INSTALL : `sudo ${DEBIAN_INSTALL}`;
}

/** What to run when no toolchain can build for WASI: fix the rustup one if any, else the first, else install Rust. */
export function installHint(toolchains: Toolchain[], platform: Platform = currentPlatform()): string {
  const toolchain = toolchains.find((t) => rustupToolchainName(t) !== undefined) ?? toolchains[0];
  if (toolchain) return installCommand(toolchain, platform);
  if (platform.debian) return debianInstall(platform);
  return 'install Rust from https://rustup.rs, then: rustup target add wasm32-wasip1';
}
