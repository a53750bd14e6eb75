import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CargoBridgeError } from './errors.js';
import type { CargoMetadata, CargoPackage } from './metadata.js';
import { WASI_TARGETS, type WasiTarget } from './target.js';

/** `[package.metadata.wasi-kit]` of a crate: the defaults `wasi-kit dev` and `run --bin` use. */
export interface ProjectConfig {
  /** The crate's Cargo.toml; relative `dirs` are resolved against its folder. */
  manifest: string;
  /** `--dir` specs, e.g. `"."`, `"data::/data"`, `"assets::/assets::ro"`. */
  dirs: string[];
  env: Record<string, string>;
  args: string[];
  /** What build, dev, test and run --bin compile for; left out, the toolchain's preview1 target. */
  target?: WasiTarget;
}

const KEY = 'package.metadata.wasi-kit';
const KNOWN_KEYS = ['dirs', 'env', 'args', 'target'];

/**
 * The config of the package whose manifest is `manifest` (or the only/root package), taken from
 * what `cargo metadata` already parsed: cargo owns TOML, this checks the table's shape and names
 * the offending key in one line.
 */
export function projectConfig(metadata: CargoMetadata, manifest?: string): ProjectConfig {
  const pkg = findPackage(metadata, manifest);
  if (!pkg) return { manifest: manifest ?? path.join(metadata.workspace_root, 'Cargo.toml'), dirs: [], env: {}, args: [] };
  const shown = path.relative(process.cwd(), pkg.manifest_path) || pkg.manifest_path;
  const problem = (key: string, message: string) => new CargoBridgeError(`${shown}: ${KEY}${key}: ${message}`, { hint: 'see "Project config" in wasi-kit\'s README (wasi-kit --help)' });
  const table = pkg.metadata?.['wasi-kit'];
  const empty = { manifest: pkg.manifest_path, dirs: [], env: {}, args: [] };
  if (table === undefined || table === null) return empty;
  if (!isTable(table)) throw problem('', `expected a table, found ${describe(table)}`);
  for (const key of Object.keys(table)) {
    if (!KNOWN_KEYS.includes(key)) throw problem(`.${key}`, `unknown key (expected ${KNOWN_KEYS.join(', ')})`);
  }
  const target = targetName(table.target, problem);
  return {
    manifest: pkg.manifest_path,
    dirs: stringArray(table.dirs, '.dirs', problem),
    args: stringArray(table.args, '.args', problem),
    env: stringTable(table.env, '.env', problem),
    ...(target === undefined ? {} : { target }),
  };
}

/**
 * The config of the package whose manifest is `manifest`, when its text alone shows it has none:
 * without `wasi-kit` in it, and without a backslash (a quoted key spelled with escapes), no key
 * can name the table. The first guest of `dev` need not wait for cargo metadata then. Undefined
 * when the file may hold a config (ask projectConfig) or cannot be read.
 */
export function configWithoutMetadata(manifest: string): ProjectConfig | undefined {
  let text: string;
  try {
    // Only a regular file is read here: a FIFO would block this thread (cargo reads it instead).
    if (!statSync(manifest).isFile()) return undefined;
    text = readFileSync(manifest, 'utf8');
  } catch {
    return undefined;
  }
  return text.includes('wasi-kit') || text.includes('\\') ? undefined : { manifest, dirs: [], env: {}, args: [] };
}

/**
 * The config of the package whose manifest is `manifest`, from its text when that shows it has
 * none, else from `metadata()`, which is then awaited (cargo metadata may still be running).
 */
export async function packageConfig(manifest: string | undefined, metadata: () => Promise<CargoMetadata>): Promise<ProjectConfig> {
  return (manifest !== undefined ? configWithoutMetadata(manifest) : undefined) ?? projectConfig(await metadata(), manifest);
}

function findPackage(metadata: CargoMetadata, manifest: string | undefined): CargoPackage | undefined {
  if (manifest !== undefined) return metadata.packages.find((pkg) => path.resolve(pkg.manifest_path) === path.resolve(manifest));
  const root = path.join(metadata.workspace_root, 'Cargo.toml');
  return metadata.packages.find((pkg) => pkg.manifest_path === root) ?? (metadata.packages.length === 1 ? metadata.packages[0] : undefined);
}

type Problem = (key: string, message: string) => CargoBridgeError;

function targetName(value: unknown, problem: Problem): WasiTarget | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(WASI_TARGETS as readonly string[]).includes(value)) {
    throw problem('.target', `expected one of ${WASI_TARGETS.join(', ')}, found ${typeof value === 'string' ? JSON.stringify(value) : describe(value)}`);
  }
  return value as WasiTarget;
}

function stringArray(value: unknown, key: string, problem: Problem): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw problem(key, `expected an array of strings, found ${describe(value)}`);
  return value.map((item: unknown, index) => {
    if (typeof item !== 'string') throw problem(`${key}[${index}]`, `expected a string, found ${describe(item)}`);
    return item;
  });
}

function stringTable(value: unknown, key: string, problem: Problem): Record<string, string> {
  if (value === undefined) return {};
  if (!isTable(value)) throw problem(key, `expected a table of strings, found ${describe(value)}`);
  const out: Record<string, string> = {};
  for (const [name, item] of Object.entries(value)) {
    if (typeof item !== 'string') throw problem(`${key}.${name}`, `expected a string, found ${describe(item)}`);
    if (name === '' || name.includes('=')) throw problem(`${key}.${name}`, 'an environment variable name cannot be empty or contain "="');
    out[name] = item;
  }
  return out;
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** TOML values as cargo hands them over in JSON: strings, numbers, booleans, arrays, tables. */
function describe(value: unknown): string {
  if (typeof value === 'string') return 'a string';
  if (Array.isArray(value)) return 'an array';
  if (isTable(value)) return 'a table';
  return String(value);
}
