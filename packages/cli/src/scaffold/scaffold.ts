import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeDirectory } from '@wasi-kit/errors';
import { systemReason, WasiKitError } from '../errors.js';
import { dependencySpec, isOwnPackage } from '../installation.js';
import { setTableName } from './cargo-toml.js';
import { renameInTexts, templateProjectName } from './template-texts.js';

export interface ScaffoldOptions {
  templateDir: string;
  templateName: string;
  targetDir: string;
  crateName: string;
}

/** Files whose dotted name npm and cargo packaging would drop, stored without the dot. */
const RENAMED: Record<string, string> = { _gitignore: '.gitignore', _cargo: '.cargo' };

/** What may already be in the folder `new` writes into: a `git init` done first is fine. */
const ALLOWED_EXISTING = new Set(['.git']);

/**
 * Copies a template into `targetDir` with the project renamed. The copy is prepared in a staging
 * folder first, so a failure leaves nothing half-written. A new folder is renamed into place; an
 * existing one (`wasi-kit new .`) is filled in place, never removed, so a shell inside it stays valid.
 */
export function scaffold(options: ScaffoldOptions): void {
  const { targetDir } = options;
  assertWritableTarget(targetDir);
  const exists = existsSync(targetDir);
  // Inside an existing target the staging folder is on the same filesystem and needs no other write access.
  const staging = exists ? path.join(targetDir, `.wasi-kit-new-${process.pid}`) : path.join(path.dirname(targetDir), `.${path.basename(targetDir)}.wasi-kit-new-${process.pid}`);
  try {
    if (!exists) makeDirectory(path.dirname(targetDir));
    try {
      prepare(options, staging);
      if (exists) moveEntriesInto(staging, targetDir);
      else renameSync(staging, targetDir);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === undefined) throw error;
    // A folder that cannot be written (read-only, /proc, a full disk): the user's to change, and nothing was left behind.
    throw new WasiKitError(`cannot create ${targetDir}: ${systemReason(error as NodeJS.ErrnoException)} (${code})`, { hint: 'choose a folder you can write to', cause: error });
  }
}

function prepare(options: ScaffoldOptions, staging: string): void {
  const projectName = templateProjectName(options.templateDir);
  cpSync(options.templateDir, staging, { recursive: true, filter: (file) => !['target', 'node_modules'].includes(path.basename(file)) });
  for (const [from, to] of Object.entries(RENAMED)) {
    if (existsSync(path.join(staging, from))) renameSync(path.join(staging, from), path.join(staging, to));
  }
  renameCrate(staging, options.templateName, options.crateName);
  renamePackage(staging, options.crateName);
  if (projectName) renameInTexts(staging, projectName, options.crateName);
}

/** Moves every staged entry into `targetDir`; if one move fails, the ones already moved go back. */
function moveEntriesInto(staging: string, targetDir: string): void {
  const moved: string[] = [];
  try {
    for (const entry of readdirSync(staging)) {
      renameSync(path.join(staging, entry), path.join(targetDir, entry));
      moved.push(entry);
    }
  } catch (error) {
    for (const entry of moved) rmSync(path.join(targetDir, entry), { recursive: true, force: true });
    throw error;
  }
}

/** `new` writes only into a new folder, an empty one, or one holding only `.git`; it says so before asking anything. */
export function assertWritableTarget(targetDir: string): void {
  if (!existsSync(targetDir)) return;
  if (!statSync(targetDir).isDirectory()) {
    throw new WasiKitError(`${targetDir} is a file; wasi-kit new creates a folder`, { hint: 'choose another name' });
  }
  const present = readdirSync(targetDir).filter((entry) => !ALLOWED_EXISTING.has(entry));
  if (present.length > 0) {
    throw new WasiKitError(`${targetDir} is not empty; wasi-kit new writes only into a new or empty folder`, {
      hint: 'choose another name, or to add wasi-kit to the crate already there: wasi-kit init',
    });
  }
}

function renameCrate(dir: string, from: string, to: string): void {
  const manifest = path.join(dir, 'Cargo.toml');
  if (existsSync(manifest)) {
    writeFileSync(manifest, setTableName(readFileSync(manifest, 'utf8'), '[package]', undefined, to));
  }
  const lockfile = path.join(dir, 'Cargo.lock');
  if (existsSync(lockfile)) {
    writeFileSync(lockfile, setTableName(readFileSync(lockfile, 'utf8'), '[[package]]', from, to));
  }
}

/**
 * A template with a package.json (ts-host, workspace) gets its npm name (lower case) and its
 * wasi-kit dependencies pointed at this installation, so its `npm install` works unpublished.
 */
function renamePackage(dir: string, to: string): void {
  const manifest = path.join(dir, 'package.json');
  if (!existsSync(manifest)) return;
  const json = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, unknown>;
  for (const field of ['dependencies', 'devDependencies']) {
    const deps = json[field] as Record<string, string> | undefined;
    for (const name of Object.keys(deps ?? {})) if (deps && isOwnPackage(name)) deps[name] = dependencySpec(name);
  }
  writeFileSync(manifest, `${JSON.stringify({ ...json, name: to.toLowerCase() }, null, 2)}\n`);
}
