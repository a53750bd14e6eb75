import { channel } from 'node:diagnostics_channel';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { runProcess } from './child-process.js';
import { TargetNotInstalled, ToolchainNotFound } from './errors.js';
import { installCommand, installHint, preferredTarget, rustupToolchainName } from './install-command.js';
import { parseRustcVersion, wasiTargetsFor, type RustVersion, type WasiTarget } from './target.js';
import { defaultCacheDir, readCache, writeCache } from './toolchain-cache.js';
import { describeToolchain, passedOverLine } from './toolchain-notes.js';

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
  /** The WASI target whose std is installed in the sysroot; null when none is. */
  target: WasiTarget | null;
}

/** A toolchain that builds were considering before the one they use, and why it was not used. */
export interface PassedOver {
  name: string;
  version: RustVersion;
  /** Why it cannot build for WASI, e.g. `no wasm32-wasip1 std`. */
  reason: string;
  /** The exact command that would make it usable. */
  fix: string;
}

export interface WasiToolchain extends Toolchain {
  target: WasiTarget;
  /** Toolchains ahead of this one (RUSTC, the rustup default, …) that could not build for WASI. */
  passedOver?: PassedOver[];
}

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
 * The toolchain builds use: an explicit RUSTC/CARGO when set (refused with the fix when it has no
 * WASI std), else the first of rustup's default, other rustup toolchains and the system's with a
 * WASI std; the ones passed over on the way are listed with their fix. Throws `TargetNotInstalled`
 * when toolchains exist but none has one, `ToolchainNotFound` when there is no Rust at all.
 */
export async function findToolchain(options: DiscoveryOptions = {}): Promise<WasiToolchain> {
  const toolchain = selectToolchain(await listToolchains(options));
  const line = passedOverLine(toolchain.passedOver ?? [], toolchain);
  if (line && toolchainNotices.hasSubscribers) toolchainNotices.publish({ lines: [line] } satisfies ToolchainNotice);
  return toolchain;
}

/**
 * What a CLI should tell its user about the choice `findToolchain` made (the toolchains passed
 * over, in one line), published on the `wasi-kit:toolchain` diagnostics channel: a library does
 * not print, and every command that builds reaches the user through the one subscriber.
 */
export interface ToolchainNotice {
  lines: string[];
}
export const TOOLCHAIN_CHANNEL = 'wasi-kit:toolchain';
const toolchainNotices = channel(TOOLCHAIN_CHANNEL);

export function selectToolchain(toolchains: Toolchain[]): WasiToolchain {
  const explicit = toolchains.find((t) => t.source === 'env');
  if (explicit && explicit.target === null) {
    const command = installCommand(explicit);
    // The user's explicit choice is never swapped for another toolchain in silence.
    throw new TargetNotInstalled(`${describeToolchain(explicit)} has no WASI std (${preferredTarget(explicit)}); install it with: ${command}`, command, 'or unset RUSTC and CARGO to let wasi-kit choose another toolchain');
  }
  const at = toolchains.findIndex((t) => t.target !== null);
  const usable = toolchains[at];
  if (usable && usable.target !== null) {
    const passedOver = toolchains.slice(0, at).map((t) => ({ name: t.name, version: t.version, reason: `no ${preferredTarget(t)} std`, fix: installCommand(t) }));
    return { ...usable, target: usable.target, passedOver };
  }
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
  if (toolchain.target !== null) return undefined;
  const target = preferredTarget(toolchain);
  return { target, path: path.join(toolchain.sysroot, 'lib', 'rustlib', target, 'lib'), command: installCommand(toolchain) };
}

function systemDirsFrom(env: NodeJS.ProcessEnv): string[] {
  const value = env.WASI_KIT_SYSTEM_RUST_DIRS;
  if (value === undefined) return SYSTEM_BIN_DIRS;
  return value.split(path.delimiter).filter((dir) => dir !== '');
}

async function scan(env: NodeJS.ProcessEnv, systemBinDirs: string[]): Promise<Toolchain[]> {
  const explicit = envCandidate(env);
  const candidates = [...(explicit ? [explicit] : []), ...(await rustupCandidates(env)), ...systemCandidates(systemBinDirs)];
  const seen = new Set<string>();
  const unique = candidates.filter((candidate) => !seen.has(candidate.rustc) && Boolean(seen.add(candidate.rustc)));
  const described = await Promise.all(unique.map((candidate) => describe(candidate, env)));
  // The user's explicit choice is used or refused, never skipped in silence.
  if (explicit && described[0] === undefined) {
    throw new ToolchainNotFound(`${explicit.name}: cannot run ${explicit.rustc} --version`, 'point RUSTC at a working rustc (and CARGO at its cargo), or unset them to let wasi-kit choose');
  }
  return described.filter((t): t is Toolchain => t !== undefined);
}

/** RUSTC and/or CARGO from the environment: the other one is taken from beside it. */
function envCandidate(env: NodeJS.ProcessEnv): Candidate | undefined {
  if (!env.RUSTC && !env.CARGO) return undefined;
  const rustc = env.RUSTC || siblingOf(env.CARGO, 'rustc');
  if (!rustc) {
    throw new ToolchainNotFound(`CARGO=${env.CARGO} is set but there is no rustc beside it`, `set RUSTC to the rustc that goes with it, or unset CARGO to let wasi-kit choose`);
  }
  const cargo = env.CARGO || siblingOf(rustc, 'cargo') || 'cargo';
  const name = [env.RUSTC ? `RUSTC=${env.RUSTC}` : '', env.CARGO ? `CARGO=${env.CARGO}` : ''].filter(Boolean).join(' ');
  return { name, source: 'env', rustc, cargo };
}

async function rustupCandidates(env: NodeJS.ProcessEnv): Promise<Candidate[]> {
  const list = await runProcess('rustup', ['toolchain', 'list'], { env: withoutOverride(env) });
  if (list.failed) return [];
  const lines = list.stdout.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('no '));
  // The default toolchain first: it is the one the user means when they say "my Rust".
  const isDefault = (line: string) => /\(.*default.*\)/.test(line);
  const names = [...lines.filter(isDefault), ...lines.filter((line) => !isDefault(line))].map((line) => line.split(/\s+/)[0] ?? '');
  const found = await Promise.all(
    names.map(async (name): Promise<Candidate | undefined> => {
      const which = await runProcess('rustup', ['which', '--toolchain', name, 'rustc'], { env: withoutOverride(env) });
      const rustc = which.stdout.trim();
      if (which.failed || rustc === '') return undefined;
      return { name, source: 'rustup', rustc, cargo: siblingOf(rustc, 'cargo') ?? 'cargo' };
    }),
  );
  return found.filter((c): c is Candidate => c !== undefined);
}

function systemCandidates(dirs: string[]): Candidate[] {
  return dirs
    .filter((dir) => existsSync(path.join(dir, 'rustc')) && existsSync(path.join(dir, 'cargo')))
    .map((dir) => ({ name: `system (${dir})`, source: 'system' as const, rustc: path.join(dir, 'rustc'), cargo: path.join(dir, 'cargo') }));
}

/** `rustc` beside a cargo, or `cargo` beside a rustc, when the path is absolute and it exists. */
function siblingOf(binary: string | undefined, name: 'rustc' | 'cargo'): string | undefined {
  if (!binary || !path.isAbsolute(binary)) return undefined;
  const sibling = path.join(path.dirname(binary), name);
  return existsSync(sibling) ? sibling : undefined;
}

/** RUSTUP_TOOLCHAIN would make a rustup proxy ignore which toolchain we asked for. */
function withoutOverride(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, RUSTUP_TOOLCHAIN: undefined };
}

async function describe(candidate: Candidate, env: NodeJS.ProcessEnv): Promise<Toolchain | undefined> {
  const runEnv = withoutOverride(env);
  const [versionRun, sysrootRun] = await Promise.all([
    runProcess(candidate.rustc, ['--version'], { env: runEnv }),
    runProcess(candidate.rustc, ['--print', 'sysroot'], { env: runEnv }),
  ]);
  const version = versionRun.failed ? undefined : parseRustcVersion(versionRun.stdout);
  if (!version || sysrootRun.failed) return undefined;
  const sysroot = sysrootRun.stdout.trim();
  const target = wasiTargetsFor(version).find((t) => existsSync(path.join(sysroot, 'lib', 'rustlib', t, 'lib'))) ?? null;
  return { ...candidate, version, versionText: versionRun.stdout.trim(), sysroot, target };
}
