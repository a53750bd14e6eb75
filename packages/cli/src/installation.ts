import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One of wasi-kit's own packages as this running CLI sees it installed. */
export interface InstalledPackage {
  name: string;
  version: string;
  /** The package folder, symlinks resolved. */
  dir: string;
  /** From a registry (a published version) rather than a clone or a local tarball. */
  fromRegistry: boolean;
}

const OWN_PACKAGES = ['wasi-kit', '@wasi-kit/runtime', '@wasi-kit/cargo-bridge'];

export function isOwnPackage(name: string): boolean {
  return OWN_PACKAGES.includes(name);
}

/** The CLI package itself: the first folder above this module whose package.json is `wasi-kit`. */
export function cliPackage(): InstalledPackage {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!isPackageNamed(dir, 'wasi-kit')) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no wasi-kit package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return describePackage(realpathSync(dir));
}

/** `wasi-kit` or one of the `@wasi-kit/*` packages this CLI depends on. */
export function installedPackage(name: string): InstalledPackage {
  if (name === 'wasi-kit') return cliPackage();
  // require.resolve, not import.meta.resolve: the CLI ships as CommonJS (scripts/bundle.mjs).
  let dir = path.dirname(createRequire(import.meta.url).resolve(name));
  while (!isPackageNamed(dir, name)) dir = path.dirname(dir);
  return describePackage(realpathSync(dir));
}

/**
 * The dependency spec a new project should use for one of our packages: the published range when
 * this CLI came from the registry, else the folder it runs from (a clone, a tarball install),
 * so `npm install` works before a version is published and keeps working after.
 */
export function dependencySpec(name: string): string {
  const installed = installedPackage(name);
  return installed.fromRegistry ? `^${installed.version}` : `file:${installed.dir}`;
}

/** The command that puts this `wasi-kit` on PATH, for the cargo runner. */
export function putOnPathCommand(): string {
  const cli = cliPackage();
  if (cli.fromRegistry) return 'npm install --global wasi-kit';
  const bin = path.join(cli.dir, 'bin', 'wasi-kit.js');
  const binDir = process.getuid?.() === 0 ? '/usr/local/bin' : path.join(process.getBuiltinModule('node:os').homedir(), '.local', 'bin');
  return `mkdir -p ${binDir} && ln -sf ${bin} ${path.join(binDir, 'wasi-kit')}`;
}

function isPackageNamed(dir: string, name: string): boolean {
  const manifest = path.join(dir, 'package.json');
  if (!existsSync(manifest)) return false;
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === name;
}

function describePackage(dir: string): InstalledPackage {
  const { name, version } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string; version: string };
  return { name, version, dir, fromRegistry: resolvedFromRegistry(dir, name) };
}

/**
 * npm records where each installed package came from in `node_modules/.package-lock.json`
 * (`resolved`: a registry URL, or `file:` for a local tarball). A folder outside any
 * node_modules is a clone.
 */
function resolvedFromRegistry(dir: string, name: string): boolean {
  const parts = dir.split(path.sep);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return false;
  const nodeModules = parts.slice(0, at + 1).join(path.sep);
  try {
    const lock = JSON.parse(readFileSync(path.join(nodeModules, '.package-lock.json'), 'utf8')) as { packages?: Record<string, { resolved?: string }> };
    const resolved = lock.packages?.[`node_modules/${name}`]?.resolved;
    if (resolved !== undefined) return /^https?:/.test(resolved);
  } catch {
    // no npm lockfile (pnpm, yarn, a global install): trust the node_modules folder
  }
  return true;
}
