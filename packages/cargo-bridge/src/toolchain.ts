import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { DEBIAN_INSTALL, ToolchainNotFound } from './errors.js';
import { parseRustcVersion, wasiTargetsFor, type RustVersion, type WasiTarget } from './target.js';

export type ToolchainSource = 'env' | 'rustup' | 'system';

/** A rustc/cargo pair, and the WASI target its sysroot can build for (if any). */
export interface Toolchain {
  name: string;
  source: ToolchainSource;
  rustc: string;
  cargo: string;
  version: RustVersion;
  versionText: string;
  sysroot: string;
  /** The WASI target whose std is installed in the sysroot; undefined when none is. */
  target: WasiTarget | undefined;
}

interface Candidate {
  name: string;
  source: ToolchainSource;
  rustc: string;
  cargo: string;
}

const SYSTEM_BIN_DIRS = ['/usr/bin', '/usr/local/bin'];

/** Every toolchain this machine has, whether or not it can build for WASI. */
export async function listToolchains(env: NodeJS.ProcessEnv = process.env): Promise<Toolchain[]> {
  const candidates = [...envCandidates(env), ...(await rustupCandidates(env)), ...systemCandidates()];
  const seen = new Set<string>();
  const toolchains: Toolchain[] = [];
  for (const candidate of candidates) {
    if (seen.has(candidate.rustc)) continue;
    seen.add(candidate.rustc);
    const toolchain = await describe(candidate, env);
    if (toolchain) toolchains.push(toolchain);
  }
  return toolchains;
}

/** The first toolchain that can build for WASI, or a `ToolchainNotFound` that says what to install. */
export async function findToolchain(env: NodeJS.ProcessEnv = process.env): Promise<Toolchain & { target: WasiTarget }> {
  const toolchains = await listToolchains(env);
  const usable = toolchains.find((t): t is Toolchain & { target: WasiTarget } => t.target !== undefined);
  if (usable) return usable;
  const seen = toolchains.length === 0 ? 'no Rust toolchain found' : `no WASI std in ${toolchains.map((t) => `${t.name} (rustc ${formatVersion(t.version)})`).join(', ')}`;
  throw new ToolchainNotFound(`cannot build for WASI: ${seen}`, installHint(toolchains));
}

export function formatVersion(version: RustVersion): string {
  return `${version.major}.${version.minor}.${version.patch}`;
}

/** The exact command that would give this machine a WASI-capable toolchain. */
export function installHint(toolchains: Toolchain[]): string {
  if (existsSync('/etc/debian_version')) return `install Debian's WASI Rust as root: ${DEBIAN_INSTALL}`;
  const rustup = toolchains.find((t) => t.source === 'rustup');
  if (rustup) return `add the target: rustup target add --toolchain ${rustup.name} ${wasiTargetsFor(rustup.version)[0] ?? 'wasm32-wasip1'}`;
  return 'install Rust from https://rustup.rs, then: rustup target add wasm32-wasip1';
}

function envCandidates(env: NodeJS.ProcessEnv): Candidate[] {
  if (!env.RUSTC) return [];
  const cargo = env.CARGO ?? siblingCargo(env.RUSTC) ?? 'cargo';
  return [{ name: `RUSTC=${env.RUSTC}`, source: 'env', rustc: env.RUSTC, cargo }];
}

async function rustupCandidates(env: NodeJS.ProcessEnv): Promise<Candidate[]> {
  const list = await execa('rustup', ['toolchain', 'list'], { reject: false, env, extendEnv: false });
  if (list.failed || typeof list.stdout !== 'string') return [];
  const lines = list.stdout.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('no '));
  // The default toolchain first: it is the one the user means when they say "my Rust".
  const isDefault = (line: string) => /\(.*default.*\)/.test(line);
  const names = [...lines.filter(isDefault), ...lines.filter((line) => !isDefault(line))].map((line) => line.split(/\s+/)[0] ?? '');
  const candidates: Candidate[] = [];
  for (const name of names) {
    const which = await execa('rustup', ['which', '--toolchain', name, 'rustc'], { reject: false, env, extendEnv: false });
    if (which.failed || !which.stdout) continue;
    const rustc = which.stdout.trim();
    candidates.push({ name, source: 'rustup', rustc, cargo: siblingCargo(rustc) ?? 'cargo' });
  }
  return candidates;
}

function systemCandidates(): Candidate[] {
  return SYSTEM_BIN_DIRS.filter((dir) => existsSync(path.join(dir, 'rustc')) && existsSync(path.join(dir, 'cargo'))).map((dir) => ({
    name: `system (${dir})`,
    source: 'system' as const,
    rustc: path.join(dir, 'rustc'),
    cargo: path.join(dir, 'cargo'),
  }));
}

function siblingCargo(rustc: string): string | undefined {
  if (!path.isAbsolute(rustc)) return undefined;
  const cargo = path.join(path.dirname(rustc), 'cargo');
  return existsSync(cargo) ? cargo : undefined;
}

async function describe(candidate: Candidate, env: NodeJS.ProcessEnv): Promise<Toolchain | undefined> {
  // RUSTUP_TOOLCHAIN would make a rustup proxy ignore which toolchain we asked for.
  const runEnv = { ...env, RUSTUP_TOOLCHAIN: undefined };
  const versionRun = await execa(candidate.rustc, ['--version'], { reject: false, env: runEnv });
  const version = versionRun.failed ? undefined : parseRustcVersion(String(versionRun.stdout));
  if (!version) return undefined;
  const sysrootRun = await execa(candidate.rustc, ['--print', 'sysroot'], { reject: false, env: runEnv });
  if (sysrootRun.failed) return undefined;
  const sysroot = String(sysrootRun.stdout).trim();
  const target = wasiTargetsFor(version).find((t) => existsSync(path.join(sysroot, 'lib', 'rustlib', t, 'lib')));
  return { ...candidate, version, versionText: String(versionRun.stdout).trim(), sysroot, target };
}
