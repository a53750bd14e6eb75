import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cacheFolder, makeDirectory } from '@wasi-kit/errors';
import { homedir } from 'node:os';
import path from 'node:path';
import type { Toolchain } from './toolchain.js';

/**
 * The discovery answer, cached per machine and per environment: one entry for each set of the
 * variables that steer discovery (two shells or a test runner with another PATH each keep theirs,
 * rather than each discarding the other's and paying a second of discovery). An entry is valid
 * while every file it depended on (rustc and cargo binaries, sysroot rustlib dirs, rustup's
 * toolchain folder) has the same mtime and size.
 */
interface CacheFile {
  version: typeof CACHE_VERSION;
  entries: CacheEntry[];
}

interface CacheEntry {
  env: Record<string, string>;
  stamps: Record<string, string>;
  toolchains: Toolchain[];
}

const CACHE_VERSION = 3;
/** Environments remembered; the least recently written goes first. */
const MAX_ENTRIES = 8;

/** Variables that change which toolchains are found or what they contain. */
const ENV_KEYS = ['RUSTC', 'CARGO', 'PATH', 'RUSTUP_HOME', 'CARGO_HOME', 'RUSTUP_TOOLCHAIN', 'WASI_KIT_SYSTEM_RUST_DIRS'];

/** Where toolchains.json lives: wasi-kit's cache folder. */
export const defaultCacheDir = cacheFolder;

export function cachePath(cacheDir: string): string {
  return path.join(cacheDir, 'toolchains.json');
}

/** Files whose change means the machine's toolchains may have changed, before looking at any. */
export function watchedPaths(env: NodeJS.ProcessEnv, systemBinDirs: string[]): string[] {
  const rustupHome = env.RUSTUP_HOME || path.join(env.HOME || homedir(), '.rustup');
  const system = systemBinDirs.flatMap((dir) => [path.join(dir, 'rustc'), path.join(dir, 'cargo')]);
  return [...system, path.join(rustupHome, 'toolchains'), path.join(rustupHome, 'settings.toml'), ...(env.RUSTC ? [env.RUSTC] : []), ...(env.CARGO ? [env.CARGO] : [])];
}

/** Files of found toolchains: a new rustc, or a target added to a sysroot, invalidates the cache. */
function toolchainPaths(toolchains: Toolchain[]): string[] {
  return toolchains.flatMap((t) => [t.rustc, t.cargo, path.join(t.sysroot, 'lib', 'rustlib')]);
}

function stamp(file: string): string {
  try {
    const stats = statSync(file);
    return `${stats.mtimeMs}:${stats.size}`;
  } catch {
    return 'missing';
  }
}

function envKey(env: NodeJS.ProcessEnv, systemBinDirs: string[]): Record<string, string> {
  const key: Record<string, string> = { systemBinDirs: systemBinDirs.join(path.delimiter) };
  for (const name of ENV_KEYS) key[name] = env[name] ?? '';
  return key;
}

/** The file's entries; none when it is missing, unreadable or from another version. */
function readEntries(cacheDir: string): CacheEntry[] {
  try {
    const cache = JSON.parse(readFileSync(cachePath(cacheDir), 'utf8')) as CacheFile;
    return cache.version === CACHE_VERSION && Array.isArray(cache.entries) ? cache.entries : [];
  } catch {
    return [];
  }
}

const sameEnv = (entry: CacheEntry, key: Record<string, string>) => JSON.stringify(entry.env) === JSON.stringify(key);

export function readCache(cacheDir: string, env: NodeJS.ProcessEnv, systemBinDirs: string[]): Toolchain[] | undefined {
  const key = envKey(env, systemBinDirs);
  const entry = readEntries(cacheDir).find((candidate) => sameEnv(candidate, key));
  if (!entry || !Array.isArray(entry.toolchains)) return undefined;
  const expected = Object.entries(entry.stamps ?? {});
  if (expected.length === 0 || expected.some(([file, value]) => stamp(file) !== value)) return undefined;
  return entry.toolchains;
}

/** Writes this environment's entry atomically; a cache that cannot be written only costs the next run time. */
export function writeCache(cacheDir: string, env: NodeJS.ProcessEnv, systemBinDirs: string[], toolchains: Toolchain[]): void {
  const files = [...watchedPaths(env, systemBinDirs), ...toolchainPaths(toolchains)];
  const key = envKey(env, systemBinDirs);
  const entry: CacheEntry = { env: key, stamps: Object.fromEntries(files.map((file) => [file, stamp(file)])), toolchains };
  const others = readEntries(cacheDir).filter((candidate) => !sameEnv(candidate, key));
  const cache: CacheFile = { version: CACHE_VERSION, entries: [...others.slice(-(MAX_ENTRIES - 1)), entry] };
  const file = cachePath(cacheDir);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    makeDirectory(cacheDir);
    writeFileSync(temp, `${JSON.stringify(cache, null, 2)}\n`);
    renameSync(temp, file);
  } catch {
    // Read-only home or full disk: discovery still works, just uncached, and no half-written copy stays.
    try {
      rmSync(temp, { force: true });
    } catch {}
  }
}
