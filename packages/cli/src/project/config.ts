import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { WasiTarget } from '@wasi-kit/cargo-bridge';
import { WasiKitError } from '../errors.js';
import { parseToml, TomlScalar, TomlSyntaxError, type TomlTable, type TomlValue } from './toml.js';

/** `[package.metadata.wasi-kit]` of a crate's Cargo.toml: the defaults `dev` and `run --bin` use. */
export interface ProjectConfig {
  /** Where the Cargo.toml is; relative `dirs` are resolved against it. */
  root: string;
  /** `--dir` specs, e.g. `"."`, `"data::/data"`, `"assets::/assets::ro"`. */
  dirs: string[];
  env: Record<string, string>;
  args: string[];
  /** What build, dev, test and run --bin compile for; left out, the toolchain's preview1 target. */
  target?: WasiTarget;
}

const KEY = 'package.metadata.wasi-kit';
const KNOWN_KEYS = ['dirs', 'env', 'args', 'target'];
/** cargo-bridge's WASI_TARGETS, kept here so reading the config does not load the bridge. */
export const TARGETS: readonly WasiTarget[] = ['wasm32-wasip1', 'wasm32-wasi', 'wasm32-wasip2'];

/** The nearest Cargo.toml at or above `from`, or undefined outside a crate. */
export function findManifest(from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'Cargo.toml');
    if (existsSync(manifest)) return manifest;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The nearest Cargo.toml, or the one-line error every crate command gives outside a crate. */
export function requireManifest(from: string): string {
  const manifest = findManifest(from);
  if (!manifest) throw new WasiKitError(`no Cargo.toml in ${path.resolve(from)} or above it`, { hint: 'run this inside a crate, or create one: wasi-kit new NAME' });
  return manifest;
}

/** Reads the config of the crate whose manifest this is; a crate without the table has an empty one. */
export function loadProjectConfig(manifest: string): ProjectConfig {
  const root = path.dirname(manifest);
  const shown = path.relative(process.cwd(), manifest) || manifest;
  let document: TomlTable;
  try {
    document = parseToml(readFileSync(manifest, 'utf8'));
  } catch (error) {
    if (error instanceof TomlSyntaxError) throw new WasiKitError(`${shown}:${error.line}: ${error.message.replace(/^line \d+: /, '')}`, { hint: 'fix the TOML syntax in Cargo.toml' });
    throw error;
  }
  const table = dig(document, ['package', 'metadata', 'wasi-kit']);
  if (table === undefined) return { root, dirs: [], env: {}, args: [] };
  const problem = (key: string, message: string) =>
    new WasiKitError(`${shown}: ${KEY}${key}: ${message}`, { hint: `see "Project config" in wasi-kit's README (wasi-kit --help)` });
  if (!isTable(table)) throw problem('', 'expected a table');
  for (const key of Object.keys(table)) {
    if (!KNOWN_KEYS.includes(key)) throw problem(`.${key}`, `unknown key (expected ${KNOWN_KEYS.join(', ')})`);
  }
  const target = targetName(table.target, problem);
  return {
    root,
    dirs: stringArray(table.dirs, '.dirs', problem),
    args: stringArray(table.args, '.args', problem),
    env: stringTable(table.env, '.env', problem),
    ...(target === undefined ? {} : { target }),
  };
}

/** The `target` of the crate at or above `cwd`, if it sets one. */
export function configuredTarget(cwd: string): WasiTarget | undefined {
  const manifest = findManifest(cwd);
  return manifest ? loadProjectConfig(manifest).target : undefined;
}

function targetName(value: TomlValue | undefined, problem: Problem): WasiTarget | undefined {
  if (value === undefined) return undefined;
  const found = typeof value === 'string' ? JSON.stringify(value) : describe(value);
  if (typeof value !== 'string' || !(TARGETS as readonly string[]).includes(value)) throw problem('.target', `expected one of ${TARGETS.join(', ')}, found ${found}`);
  return value as WasiTarget;
}

type Problem = (key: string, message: string) => WasiKitError;

function stringArray(value: TomlValue | undefined, key: string, problem: Problem): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw problem(key, `expected an array of strings, found ${describe(value)}`);
  return value.map((item, index) => {
    if (typeof item !== 'string') throw problem(`${key}[${index}]`, `expected a string, found ${describe(item)}`);
    return item;
  });
}

function stringTable(value: TomlValue | undefined, key: string, problem: Problem): Record<string, string> {
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

function dig(table: TomlTable, path: string[]): TomlValue | undefined {
  let value: TomlValue | undefined = table;
  for (const key of path) {
    if (!isTable(value)) return undefined;
    value = value[key];
  }
  return value;
}

function isTable(value: TomlValue | undefined): value is TomlTable {
  return typeof value === 'object' && !Array.isArray(value) && !(value instanceof TomlScalar);
}

function describe(value: TomlValue): string {
  if (typeof value === 'string') return 'a string';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof TomlScalar) return value.raw;
  return 'a table';
}
