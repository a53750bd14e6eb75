import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { TargetNotInstalled, ToolchainNotFound } from './errors.js';
import { installCommand, installHint, preferredTarget, rustupToolchainName } from './install-command.js';
import { parseRustcVersion, wasiTargetsFor, type RustVersion, type WasiTarget } from './target.js';
import { defaultCacheDir, readCache, writeCache } from './toolchain-cache.js';

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

export type WasiToolchain = Toolchain & { target: WasiTarget };

export interface DiscoveryOptions {
  /** Merged over `process.env`; RUSTC/CARGO here are candidates too. */
  env?: NodeJS.ProcessEnv;
  /**
   * Where `toolchains.json` is cached: `$WASI_KIT_CACHE_DIR`, else `$XDG_CACHE_HOME/wasi-kit`,
   * else `~/.cache/wasi-kit`. `false` neither reads nor writes a cache.
   */
  cacheDir?: string | false;
  /** Skip the cached answer (and write a fresh one). */
  refresh?: boolean;
  /** Folders searched for a system rustc + cargo: `$WASI_KIT_SYSTEM_RUST_DIRS` (`:`-separated), else /usr/bin and /usr/local/bin. */
  systemBinDirs?: string[];
}

interface Candidate {
  name: string;
  source: ToolchainSource;
  rustc: string;
  cargo: string;
}

const SYSTEM_BIN_DIRS = ['/usr/bin', '/usr/local/bin'];

/** Every toolchain this machine has, whether or not it can build for WASI (cached, see `DiscoveryOptions.cacheDir`). */
export async function listToolchains(options: DiscoveryOptions = {}): Promise<Toolchain[]> {
  const env = { ...process.env, ...options.env };
  const systemBinDirs = options.systemBinDirs ?? systemDirsFrom(env);
  const cacheDir = options.cacheDir === undefined ? defaultCacheDir(env) : options.cacheDir;
  if (cacheDir !== false && !options.refresh) {
    const cached = readCache(cacheDir, env, systemBinDirs);
    if (cached) return cached;
  }
  const toolchains = await scan(env, systemBinDirs);
  if (cacheDir !== false) writeCache(cacheDir, env, systemBinDirs, toolchains);
  return toolchains;
}

/**
 * The toolchain builds use: the first (RUSTC, then rustup's default, other rustup toolchains,
 * the system's) with a WASI std. Throws `TargetNotInstalled` when toolchains exist but none has
 * one, `ToolchainNotFound` when there is no Rust at all.
 */
export async function findToolchain(options: DiscoveryOptions = {}): Promise<WasiToolchain> {
  return selectToolchain(await listToolchains(options));
}

export function selectToolchain(toolchains: Toolchain[]): WasiToolchain {
  const usable = toolchains.find((t): t is WasiToolchain => t.target !== undefined);
  if (usable) return usable;
  const first = toolchains[0];
  if (!first) throw new ToolchainNotFound('no Rust toolchain found (looked at RUSTC, rustup and the system folders)', installHint([]));
  const fixable = toolchains.find((t) => rustupToolchainName(t) !== undefined) ?? first;
  const command = installCommand(fixable);
  const names = toolchains.map((t) => `${t.name} (rustc ${formatVersion(t.version)})`).join(', ');
  throw new TargetNotInstalled(`no WASI std in any Rust toolchain: ${names}; ${fixable.name} needs ${preferredTarget(fixable)}, install it with: ${command}`, command);
}

export function formatVersion(version: RustVersion): string {
  return `${version.major}.${version.minor}.${version.patch}`;
}

/** For a toolchain without a WASI std: the folder that is missing and the command that adds it. */
export function missingTarget(toolchain: Toolchain): { target: WasiTarget; path: string; command: string } | undefined {
  if (toolchain.target) return undefined;
  const target = preferredTarget(toolchain);
  return { target, path: path.join(toolchain.sysroot, 'lib', 'rustlib', target, 'lib'), command: installCommand(toolchain) };
}

function systemDirsFrom(env: NodeJS.ProcessEnv): string[] {
  const value = env.WASI_KIT_SYSTEM_RUST_DIRS;
  if (value === undefined) return SYSTEM_BIN_DIRS;
  return value.split(path.delimiter).filter((dir) => dir !== '');
}

async function scan(env: NodeJS.ProcessEnv, systemBinDirs: string[]): Promise<Toolchain[]> {
  const candidates = [...envCandidates(env), ...(await rustupCandidates(env)), ...systemCandidates(systemBinDirs)];
  const seen = new Set<string>();
  const unique = candidates.filter((candidate) => !seen.has(candidate.rustc) && Boolean(seen.add(candidate.rustc)));
  const described = await Promise.all(unique.map((candidate) => describe(candidate, env)));
  return described.filter((t): t is Toolchain => t !== undefined);
}

function envCandidates(env: NodeJS.ProcessEnv): Candidate[] {
  if (!env.RUSTC) return [];
  const cargo = env.CARGO ?? siblingCargo(env.RUSTC) ?? 'cargo';
  return [{ name: `RUSTC=${env.RUSTC}`, source: 'env', rustc: env.RUSTC, cargo }];
}

async function rustupCandidates(env: NodeJS.ProcessEnv): Promise<Candidate[]> {
  const list = await execa('rustup', ['toolchain', 'list'], { reject: false, env: withoutOverride(env) });
  if (list.failed || typeof list.stdout !== 'string') return [];
  const lines = list.stdout.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('no '));
  // The default toolchain first: it is the one the user means when they say "my Rust".
  const isDefault = (line: string) => /\(.*default.*\)/.test(line);
  const names = [...lines.filter(isDefault), ...lines.filter((line) => !isDefault(line))].map((line) => line.split(/\s+/)[0] ?? '');
  const found = await Promise.all(
    names.map(async (name): Promise<Candidate | undefined> => {
      const which = await execa('rustup', ['which', '--toolchain', name, 'rustc'], { reject: false, env: withoutOverride(env) });
      if (which.failed || typeof which.stdout !== 'string' || which.stdout === '') return undefined;
      const rustc = which.stdout.trim();
      return { name, source: 'rustup', rustc, cargo: siblingCargo(rustc) ?? 'cargo' };
    }),
  );
  return found.filter((c): c is Candidate => c !== undefined);
}

function systemCandidates(dirs: string[]): Candidate[] {
  return dirs
    .filter((dir) => existsSync(path.join(dir, 'rustc')) && existsSync(path.join(dir, 'cargo')))
    .map((dir) => ({ name: `system (${dir})`, source: 'system' as const, rustc: path.join(dir, 'rustc'), cargo: path.join(dir, 'cargo') }));
}

function siblingCargo(rustc: string): string | undefined {
  if (!path.isAbsolute(rustc)) return undefined;
  const cargo = path.join(path.dirname(rustc), 'cargo');
  return existsSync(cargo) ? cargo : undefined;
}

/** RUSTUP_TOOLCHAIN would make a rustup proxy ignore which toolchain we asked for. */
function withoutOverride(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, RUSTUP_TOOLCHAIN: undefined };
}

async function describe(candidate: Candidate, env: NodeJS.ProcessEnv): Promise<Toolchain | undefined> {
  const runEnv = withoutOverride(env);
  const [versionRun, sysrootRun] = await Promise.all([
    execa(candidate.rustc, ['--version'], { reject: false, env: runEnv, extendEnv: false }),
    execa(candidate.rustc, ['--print', 'sysroot'], { reject: false, env: runEnv, extendEnv: false }),
  ]);
  const version = versionRun.failed ? undefined : parseRustcVersion(String(versionRun.stdout));
  if (!version || sysrootRun.failed) return undefined;
  const sysroot = String(sysrootRun.stdout).trim();
  const target = wasiTargetsFor(version).find((t) => existsSync(path.join(sysroot, 'lib', 'rustlib', t, 'lib')));
  return { ...candidate, version, versionText: String(versionRun.stdout).trim(), sysroot, target };
}
