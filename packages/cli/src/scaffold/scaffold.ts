import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WasiKitError } from '../errors.js';
import { setTableName } from './cargo-toml.js';

export interface ScaffoldOptions {
  templateDir: string;
  templateName: string;
  targetDir: string;
  crateName: string;
}

/** Files whose dotted name npm and cargo packaging would drop, stored without the dot. */
const RENAMED: Record<string, string> = { _gitignore: '.gitignore', _cargo: '.cargo' };

/**
 * Copies a template into `targetDir` with the crate renamed. Works in a sibling staging folder and
 * renames it into place at the end, so a failure leaves nothing half-written.
 */
export function scaffold(options: ScaffoldOptions): void {
  const { targetDir } = options;
  assertWritableTarget(targetDir);
  const parent = path.dirname(targetDir);
  mkdirSync(parent, { recursive: true });
  const staging = path.join(parent, `.${path.basename(targetDir)}.wasi-kit-new-${process.pid}`);
  try {
    cpSync(options.templateDir, staging, { recursive: true, filter: (file) => path.basename(file) !== 'target' });
    for (const [from, to] of Object.entries(RENAMED)) {
      if (existsSync(path.join(staging, from))) renameSync(path.join(staging, from), path.join(staging, to));
    }
    renameCrate(staging, options.templateName, options.crateName);
    renamePackage(staging, options.crateName);
    if (existsSync(targetDir)) rmSync(targetDir, { recursive: true });
    renameSync(staging, targetDir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** `new` writes only into a new or empty folder, and says so before asking anything. */
export function assertWritableTarget(targetDir: string): void {
  if (existsSync(targetDir) && readdirSync(targetDir).length > 0) {
    throw new WasiKitError(`${targetDir} is not empty; wasi-kit new writes only into a new or empty folder`, {
      hint: 'choose another name, or empty that folder first',
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

/** A template with a package.json (ts-host) gets its npm name too; npm names are lower case. */
function renamePackage(dir: string, to: string): void {
  const manifest = path.join(dir, 'package.json');
  if (!existsSync(manifest)) return;
  const json = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, unknown>;
  writeFileSync(manifest, `${JSON.stringify({ ...json, name: to.toLowerCase() }, null, 2)}\n`);
}
